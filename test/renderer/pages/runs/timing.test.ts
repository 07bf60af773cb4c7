import { describe, expect, it } from 'vitest';
import { elapsedSec, progressPercent, remainingSec } from '../../../../renderer/src/pages/runs/timing.ts';

const base = { planned: 40, done: 9, failed: 1, startedAt: 1_000_000, endedAt: null, state: 'running' as const, paused: false };

describe('campaign timing', () => {
  it('counts failed entries as finished in the progress', () => {
    expect(progressPercent(base)).toBe(25);
    expect(progressPercent({ planned: 0, done: 0, failed: 0 })).toBe(0);
  });

  it('measures the remaining time from the mean so far', () => {
    const now = 1_000_000 + 100_000; // 100 s for 10 finished entries
    expect(elapsedSec(base, now)).toBe(100);
    expect(remainingSec(base, now)).toBe(300);
  });

  it('says nothing it cannot know', () => {
    expect(remainingSec({ ...base, done: 0, failed: 0 }, 2_000_000)).toBeUndefined();
    expect(remainingSec({ ...base, paused: true }, 2_000_000)).toBeUndefined();
    expect(remainingSec({ ...base, state: 'done', endedAt: 1_050_000 }, 2_000_000)).toBeUndefined();
    expect(elapsedSec({ ...base, state: 'done', endedAt: 1_050_000 }, 9_000_000)).toBe(50);
    expect(elapsedSec({ ...base, startedAt: null }, 2_000_000)).toBeUndefined();
  });
});
