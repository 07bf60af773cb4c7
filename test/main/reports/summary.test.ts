// The report's summary page: per-family overhead with a delta-method CI, the verdict of its points (the figure
// tables' own), the sentences naming the largest costs, and what could not be compared, from summaries whose numbers
// are worked out by hand below.
import { describe, expect, it } from 'vitest';
import { describe as describeSample } from '../../../main/analysis/describe.ts';
import { studentTQuantile } from '../../../main/analysis/distributions.ts';
import type { Summary } from '../../../main/analysis/types.ts';
import type { CampaignData } from '../../../main/reports/figures.ts';
import { summarySections } from '../../../main/reports/summary.ts';
import { figuresFor } from '../../../main/reports/figures.ts';
import { figureTables } from '../../../main/reports/tables.ts';

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
    // Two points, cv 0.1 on every side (n 3): var(ln f) = 4 x 0.01/3 / 2^2, Satterthwaite df = 8, t(0.975, 8) = 2.306004.
    const [sec] = summarySections(
      data([
        s('native', 'npb-serial', 'time', 'ep', [1, 1.1, 0.9], 'lower'),
        s('native', 'npb-serial', 'time', 'is', [1, 1.1, 0.9], 'lower'),
        s('kvm', 'npb-serial', 'time', 'ep', [2, 2.2, 1.8], 'lower'),
        s('kvm', 'npb-serial', 'time', 'is', [2, 2.2, 1.8], 'lower'),
      ]),
    );
    const half = (2.306004 * Math.sqrt(0.04 / 3)) / 2;
    const [family, points, overhead, low, high, verdict] = rows(sec!)[0]!;
    expect([family, points, verdict]).toEqual(['NPB serial', 2, 'significantly worse at 2 of 2 points']);
    expect(overhead).toBeCloseTo(100, 6);
    expect(low).toBeCloseTo((2 * Math.exp(-half) - 1) * 100, 0);
    expect(high).toBeCloseTo((2 * Math.exp(half) - 1) * 100, 0);
    expect(sec!.title).toBe('Summary: kvm against native');
    expect(sec!.paragraphs).toContain(
      `NPB serial: kvm takes 2.00x native's time (95% CI ${(2 * Math.exp(-half)).toFixed(2)}x-${(2 * Math.exp(half)).toFixed(2)}x), an overhead of +100.0%, most at EP (2.00x); significantly worse at 2 of 2 points.`,
    );
  });

  it("gives a family of one point that point's own interval: Fieller's, on Welch's degrees of freedom", () => {
    // Means 2 and 1, sd 0.2 and 0.1, n 3: va = 0.04/3, vb = 0.01/3, Welch df = (0.05/3)^2 / ((0.04/3)^2/2 + (0.01/3)^2/2).
    const [sec] = summarySections(
      data([s('native', 'npb-serial', 'time', 'ep', [1, 1.1, 0.9], 'lower'), s('kvm', 'npb-serial', 'time', 'ep', [2, 2.2, 1.8], 'lower')]),
    );
    const va = 0.04 / 3;
    const vb = 0.01 / 3;
    const t = studentTQuantile(0.975, (va + vb) ** 2 / ((va * va) / 2 + (vb * vb) / 2));
    const g = (t * t * vb) / 1;
    const halfF = t * Math.sqrt(va * (1 - g) + 4 * vb);
    const [, points, , low, high, verdict] = rows(sec!)[0]!;
    expect([points, verdict]).toEqual([1, 'significantly worse at 1 of 1 point']);
    expect(low).toBeCloseTo(((2 - halfF) / (1 - g) - 1) * 100, 1);
    expect(high).toBeCloseTo(((2 + halfF) / (1 - g) - 1) * 100, 1);
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
      /^Bandwidth: kvm reaches 45% of native's throughput \(95% CI \d+%-\d+%\), an overhead of \+123\.6%, most at 4096-byte messages \(25%\); significantly worse at 2 of 2 points\.$/,
    );
    expect(p[2]).toMatch(
      /^NPB MPI: kvm takes 1\.10x native's time \(95% CI 1\.\d\dx-1\.\d\dx\), an overhead of \+10\.0%; significantly worse at 1 of 1 point\.$/,
    );
    // A noisy family whose interval spans 0 is in the table, not in the sentences.
    expect(p.join(' ')).not.toMatch(/IOzone writer:/);
    expect(rows(sec!).find((r) => r[0] === 'IOzone writer')![5]).toBe('within noise at 1 of 1 point');
    expect(p.at(-1)).toBe('Every measured point was compared.');
  });

  it("judges a family by its points' verdicts, the figure tables' own: a family interval excluding 0 is no verdict", () => {
    // 1.4x slower, but the guest is noisy: Welch p = 0.055 (df 2.94), so Fig. 3's table says not significant. The old
    // summary called the family significant because its delta-method interval excluded 1.
    const d = data([s('native', 'npb-serial', 'time', 'ep', [9, 10, 11], 'lower'), s('kvm', 'npb-serial', 'time', 'ep', [12, 14, 16], 'lower')]);
    const fig3 = figureTables(figuresFor(d, 'relative').find((f) => f.id === 'fig3')!).find((t) => t.id === 'fig3-serial')!;
    const kvm = fig3.rows.find((r) => r[0] === 'kvm')!;
    expect(fig3.columns.slice(7, 9)).toEqual(['p', 'significant']);
    expect(kvm[7]).toBeCloseTo(0.0548, 3);
    expect(kvm[8]).toBe(false);
    const [sec] = summarySections(d);
    const row = rows(sec!)[0]!;
    expect(row[0]).toBe('NPB serial');
    expect(row[3]).toBeLessThan(0); // its interval is the point's, so it spans 0 too
    expect(row[4]).toBeGreaterThan(0);
    expect(row[5]).toBe('within noise at 1 of 1 point');
    expect(sec!.paragraphs).toContain('No benchmark family is significantly slower on kvm than on native.');
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
