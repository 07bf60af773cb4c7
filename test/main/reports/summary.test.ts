// The report's summary page: per-family overhead with a delta-method CI, the sentences naming the largest costs,
// and what could not be compared, from summaries whose numbers are worked out by hand below.
import { describe, expect, it } from 'vitest';
import { describe as describeSample } from '../../../main/analysis/describe.ts';
import type { Summary } from '../../../main/analysis/types.ts';
import type { CampaignData } from '../../../main/reports/figures.ts';
import { summarySections } from '../../../main/reports/summary.ts';

function s(platform: string, benchmark: string, metric: string, point: string, values: number[], better: 'lower' | 'higher', nodeCount = 1): Summary {
  return { platform, benchmark, metric, point, nodeCount, unit: better === 'lower' ? 's' : 'MB/s', better, ...describeSample(values) };
}

function data(summaries: Summary[], failed: CampaignData['failed'] = []): CampaignData {
  const names = [...new Set(summaries.map((x) => x.platform))];
  return {
    baseline: 'native',
    platforms: names.map((name) => ({ name, technology: 'native', product: '', version: null, isBaseline: name === 'native' })),
    benchmarks: [...new Set(summaries.map((x) => x.benchmark))],
    summaries,
    failed,
  };
}

const rows = (sec: { tables: { rows: unknown[][] }[] }) => sec.tables[0]!.rows;

describe('summary sections', () => {
  it("gives a family's overhead with the delta-method interval worked out by hand", () => {
    // One point, cv 0.1 on both sides (n 3): var(ln f) = 0.01/3 + 0.01/3, Satterthwaite df = 4, t(0.975, 4) = 2.7764.
    const [sec] = summarySections(
      data([s('native', 'npb-serial', 'time', 'ep', [1, 1.1, 0.9], 'lower'), s('kvm', 'npb-serial', 'time', 'ep', [2, 2.2, 1.8], 'lower')]),
    );
    const half = 2.776445 * Math.sqrt(0.02 / 3);
    const [family, points, overhead, low, high, significant] = rows(sec!)[0]!;
    expect([family, points, significant]).toEqual(['NPB serial', 1, 'yes']);
    expect(overhead).toBeCloseTo(100, 6);
    expect(low).toBeCloseTo((2 * Math.exp(-half) - 1) * 100, 0);
    expect(high).toBeCloseTo((2 * Math.exp(half) - 1) * 100, 0);
    expect(sec!.title).toBe('Summary: kvm against native');
    expect(sec!.paragraphs).toContain(
      `NPB serial: kvm takes 2.00x native's time (95% CI ${(2 * Math.exp(-half)).toFixed(2)}x-${(2 * Math.exp(half)).toFixed(2)}x), an overhead of +100.0%.`,
    );
  });

  it("names the largest costs first, in each family's own terms, and says where they are worst", () => {
    const [sec] = summarySections(
      data([
        s('native', 'netperf', 'throughput', '1024', [1000, 1010, 990], 'higher'),
        s('native', 'netperf', 'throughput', '4096', [2000, 2020, 1980], 'higher'),
        s('kvm', 'netperf', 'throughput', '1024', [800, 808, 792], 'higher'),
        s('kvm', 'netperf', 'throughput', '4096', [500, 505, 495], 'higher'),
        s('native', 'npb-mpi', 'time', 'ep', [1, 1.01, 0.99], 'lower', 4),
        s('kvm', 'npb-mpi', 'time', 'ep', [1.1, 1.111, 1.089], 'lower', 4),
        s('native', 'iozone', 'writer', '1024', [100, 130, 80], 'higher'),
        s('kvm', 'iozone', 'writer', '1024', [98, 128, 81], 'higher'),
      ]),
    );
    const p = sec!.paragraphs;
    // Bandwidth: factors 1.25 and 4, geometric mean sqrt(5) = 2.236: 45% of native's throughput.
    expect(p[1]).toMatch(
      /^Bandwidth: kvm reaches 45% of native's throughput \(95% CI \d+%-\d+%\), an overhead of \+123\.6%, most at 4096-byte messages \(25%\)\.$/,
    );
    expect(p[2]).toMatch(/^NPB MPI: kvm takes 1\.10x native's time \(95% CI 1\.\d\dx-1\.\d\dx\), an overhead of \+10\.0%\.$/);
    // A noisy family whose interval spans 0 is in the table, not in the sentences.
    expect(p.join(' ')).not.toMatch(/IOzone writer:/);
    expect(rows(sec!).find((r) => r[0] === 'IOzone writer')![5]).toBe('no');
    expect(p.at(-1)).toBe('Every measured point was compared.');
  });

  it('says what could not be compared and why: points without a baseline, failed runs, single runs', () => {
    const [sec] = summarySections(
      data(
        [
          s('native', 'npb-serial', 'time', 'ep', [1, 1.01, 0.99], 'lower'),
          s('kvm', 'npb-serial', 'time', 'ep', [1.02], 'lower'),
          s('kvm', 'npb-serial', 'time', 'is', [3, 3.1], 'lower'),
        ],
        [{ runId: 9, platform: 'kvm', benchmark: 'iozone', params: { fileSize: 131072 }, nodeCount: 1, state: 'failed', reason: 'No space left on device' }],
      ),
    );
    expect(rows(sec!)[0]!.slice(0, 6)).toEqual(['NPB serial', 1, 2, null, null, 'not tested']);
    expect(sec!.paragraphs.at(-1)).toBe(
      'Not compared: npb-serial time: no native (baseline) measurement at this point (1 time). ' +
        'iozone run failed: No space left on device (1 time). NPB serial: no confidence interval, fewer than 2 runs on a side at some point.',
    );
    expect(sec!.paragraphs[1]).toBe('No benchmark family is significantly slower on kvm than on native.');
  });

  it('has one page per platform, and says so when only the baseline ran', () => {
    const two = summarySections(
      data([
        s('native', 'npb-omp', 'time', 'ep', [1, 1.01], 'lower'),
        s('kvm', 'npb-omp', 'time', 'ep', [1, 1.01], 'lower'),
        s('lxc', 'npb-omp', 'time', 'ep', [1, 1.01], 'lower'),
      ]),
    );
    expect(two.map((x) => x.title)).toEqual(['Summary: kvm against native', 'Summary: lxc against native']);
    expect(two.map((x) => x.tables[0]!.id)).toEqual(['summary-kvm', 'summary-lxc']);
    const alone = summarySections(data([s('native', 'npb-omp', 'time', 'ep', [1, 1.01], 'lower')]));
    expect(alone).toEqual([
      {
        id: 'summary',
        title: 'Summary',
        tables: [],
        paragraphs: ['Only native (the baseline) took part in this campaign: there is no platform to compare with it.'],
      },
    ]);
  });
});
