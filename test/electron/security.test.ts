// Which pages count as our own (IPC from them is served, navigation to them allowed), checked with Node's URL, the one
// the main process uses.
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ app: { on: () => undefined }, session: {}, net: {}, protocol: {} }));
const { isOwnPage } = await import('../../electron/security.ts');

describe('isOwnPage', () => {
  it('is true for the app page served from app://virtlab/', () => {
    expect(isOwnPage('app://virtlab/index.html')).toBe(true);
    expect(isOwnPage('app://virtlab/index.html#/campaigns/3')).toBe(true);
  });

  it('is false for any other scheme, host or an unparsable address', () => {
    for (const url of [
      'app://evil/index.html',
      'https://virtlab/index.html',
      'file:///index.html',
      'app://virtlab.evil/x',
      'app://virtlab:8080/x',
      'not a url',
      '',
    ]) {
      expect(isOwnPage(url), url).toBe(false);
    }
  });
});
