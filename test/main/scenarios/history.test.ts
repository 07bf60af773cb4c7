// A point's history: the median of its newest runs on the platform, matched whatever order its params were stored in.
import { describe, expect, it } from 'vitest';
import { canonicalJson, historyFrom, median, preparationHistoryFrom, type PastRun } from '../../../main/scenarios/history.ts';

const run = (sec: number | null, params: Record<string, unknown> = { kernel: 'ep', class: 'S' }, platform = 'native', benchmark = 'npb-serial'): PastRun => ({
  platform,
  benchmark,
  paramsJson: JSON.stringify(params),
  sec,
});

describe('run history', () => {
  it('is the median of the runs of that point on that platform', () => {
    // The first run built the kernel (40 s); the median is the run itself.
    const h = historyFrom([run(4), run(40), run(5), run(6, { kernel: 'is', class: 'S' }), run(9, undefined, 'kvm')]);
    expect(h('native', 'npb-serial', { kernel: 'ep', class: 'S' })).toBe(5);
    expect(h('native', 'npb-serial', { class: 'S', kernel: 'ep' })).toBe(5);
    expect(h('native', 'npb-serial', { kernel: 'is', class: 'S' })).toBe(6);
    expect(h('kvm', 'npb-serial', { kernel: 'ep', class: 'S' })).toBe(9);
    expect(h('native', 'npb-omp', { kernel: 'ep', class: 'S' })).toBeUndefined();
    expect(h('native', 'npb-serial', { kernel: 'ep', class: 'W' })).toBeUndefined();
  });

  it('counts only the newest runs of a point (the store lists newest first)', () => {
    const h = historyFrom([run(10), run(11), run(12), run(100), run(100), run(100)], 3);
    expect(h('native', 'npb-serial', { kernel: 'ep', class: 'S' })).toBe(11);
  });

  it('leaves out durations it cannot use and params it cannot read', () => {
    const h = historyFrom([run(null), run(0), run(-3), run(Number.NaN), { ...run(7), paramsJson: '{not json' }]);
    expect(h('native', 'npb-serial', { kernel: 'ep', class: 'S' })).toBeUndefined();
  });

  it('writes params canonically and takes medians of even counts', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: 3 }], a: 'x', u: undefined })).toBe('{"a":"x","b":[1,{"c":3,"d":2}]}');
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([3])).toBe(3);
  });
});

describe('preparation history', () => {
  const prep = (seconds: number, settings: Record<string, unknown> = { accelerator: 'tcg', vcpus: 1 }, hostCount = 2, platform = 'kvm', provider = 'qemu') => ({
    platform,
    provider,
    settingsJson: JSON.stringify(settings),
    hostCount,
    seconds,
  });

  it('is the median of the newest preparations of the platform made as it is now (provider, settings, host count)', () => {
    const h = preparationHistoryFrom([
      prep(500),
      prep(510),
      prep(20, { accelerator: 'kvm', vcpus: 1 }),
      prep(300, undefined, 4),
      prep(530),
      prep(9, undefined, 2, 'other'),
    ]);
    expect(h('kvm', 'qemu', { vcpus: 1, accelerator: 'tcg' }, 2)).toBe(510);
    expect(h('kvm', 'qemu', { accelerator: 'kvm', vcpus: 1 }, 2)).toBe(20);
    expect(h('kvm', 'qemu', { accelerator: 'tcg', vcpus: 1 }, 4)).toBe(300);
    expect(h('kvm', 'docker', { accelerator: 'tcg', vcpus: 1 }, 2)).toBeUndefined();
    expect(h('kvm', 'qemu', { accelerator: 'tcg', vcpus: 2 }, 2)).toBeUndefined();
  });

  it('counts only the newest ones and leaves out what it cannot read', () => {
    const h = preparationHistoryFrom(
      [prep(10), prep(11), prep(12), prep(100), prep(100), { ...prep(1), settingsJson: '{not json' }, prep(Number.NaN), prep(-1)],
      3,
    );
    expect(h('kvm', 'qemu', { accelerator: 'tcg', vcpus: 1 }, 2)).toBe(11);
  });
});
