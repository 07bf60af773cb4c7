import { describe, expect, it } from 'vitest';
import { elapsedSec, plannedSec, progressPercent, remainingSec } from '../../../../renderer/src/pages/runs/timing.ts';

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

  it('with the plan estimate: what is left at the plan pace until a run ends, then at the paces measured', () => {
    const estimate = {
      totalSec: 100,
      finishedSec: 0,
      pendingSec: 80,
      running: [{ estimateSec: 20, startedAt: 1_000_000 }],
      planPace: 0.5,
      runPace: null,
      busySec: 0,
    };
    const fresh = { ...base, done: 0, failed: 0, estimate };
    expect(plannedSec(fresh)).toBe(50);
    // 5 s into the first run: 15 s of it and 80 s not started, at the plan's pace (runs in parallel).
    expect(remainingSec(fresh, 1_005_000)).toBe(47.5);
    // Over its estimate the run adds nothing more; the rest still counts.
    expect(remainingSec(fresh, 1_060_000)).toBe(40);
    // One run done, which took 3x its estimate (60 s for 20 s); the campaign's 60 s were all run time (one at a time).
    const later = { ...base, done: 1, failed: 0, estimate: { ...estimate, finishedSec: 20, pendingSec: 60, running: [], runPace: 3, busySec: 60 } };
    expect(remainingSec(later, 1_060_000)).toBe(60 * 3);
    // 20 s of gaps between runs on top: the wall time is 80/60 of the run time.
    expect(remainingSec(later, 1_080_000)).toBeCloseTo(60 * 3 * (80 / 60), 9);
    // A run under way 30 s of its 3 x 20 s.
    const running = { ...later, estimate: { ...later.estimate, pendingSec: 40, running: [{ estimateSec: 20, startedAt: 1_060_000 }] } };
    expect(remainingSec(running, 1_090_000)).toBeCloseTo((40 * 3 + 30) * (90 / 90), 9);
    expect(remainingSec({ ...later, paused: true }, 1_060_000)).toBeUndefined();
    expect(plannedSec({ estimate: undefined })).toBeUndefined();
  });
});
