import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../../../renderer/src/components/format.ts';

describe('formatting', () => {
  it('says durations the way people read them', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(180)).toBe('3 min');
    expect(formatDuration(3600 * 2 + 300)).toBe('2 h 05 min');
    expect(formatDuration(86400 * 3 + 3600 * 5)).toBe('3 d 5 h');
    expect(formatDuration(NaN)).toBe('—');
  });

  it('uses binary units for memory', () => {
    expect(formatBytes(25769803776)).toBe('24 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(null)).toBe('—');
  });
});
