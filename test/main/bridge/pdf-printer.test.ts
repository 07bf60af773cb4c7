// The PDF printer's Chromium keeps its sandbox unless it runs as root (where Chromium refuses to start with it).
import { describe, expect, it } from 'vitest';
import { sandboxArgs } from '../../../main/bridge/pdf-printer.ts';

describe('PDF printer Chromium sandbox', () => {
  it('passes --no-sandbox only for root', () => {
    expect(sandboxArgs(1000)).toEqual([]);
    expect(sandboxArgs(0)).toEqual(['--no-sandbox']);
  });
});
