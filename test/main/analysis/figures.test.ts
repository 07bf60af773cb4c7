// The paper's figures from a real campaign stored in a temp SQLite file, through the comparison queries.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from '../store/fixture.ts';
import { campaignFigures } from '../../../main/store/queries/campaign-figures.ts';
import type { FigureDataset, FigureSeries } from '../../../main/analysis/figures.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture(['native', 'xen', 'openvz']);
});
afterEach(() => f.cleanup());

type M = { name: string; point: string; value: number; unit: string; better: 'lower' | 'higher' };
const slow: Record<string, number> = { native: 1, xen: 2, openvz: 1.05 };
const jitter = [0.99, 1.0, 1.01];

function seedPaperLike() {
  let plan = 0;
  const run = (platform: string, benchmark: string, metrics: M[], extra: { nodeCount?: number; params?: Record<string, unknown> } = {}) =>
    f.finish({ platform, planIndex: plan++, benchmark, ...extra }, metrics);
  for (const platform of ['native', 'xen', 'openvz']) {
    for (const j of jitter) {
      run(platform, 'netperf', [
        ...['1', '64', '1024'].map((p) => ({
          name: 'half_rtt',
          point: p,
          value: 80 * slow[platform]! * j + Number(p) / 100,
          unit: 'us',
          better: 'lower' as const,
        })),
        { name: 'throughput', point: '', value: (platform === 'native' ? 940 : platform === 'xen' ? 888 : 332) * j, unit: 'Mbit/s', better: 'higher' },
      ]);
      run(
        platform,
        'iozone',
        ['1024', '32768'].flatMap((p) => [
          { name: 'writer', point: p, value: (500000 / slow[platform]!) * j, unit: 'kB/s', better: 'higher' as const },
          { name: 'reader', point: p, value: (900000 / slow[platform]!) * j, unit: 'kB/s', better: 'higher' as const },
        ]),
      );
      for (const kernel of ['bt', 'cg', 'is']) {
        run(platform, 'npb-serial', [{ name: 'time', point: kernel, value: 100 * (platform === 'xen' ? 1.01 : 1) * j, unit: 's', better: 'lower' }]);
        if (!(platform === 'xen' && kernel === 'bt')) run(platform, 'npb-omp', [{ name: 'time', point: kernel, value: 50 * j, unit: 's', better: 'lower' }]);
      }
      for (const nodes of [1, 2, 4]) {
        run(platform, 'npb-mpi', [{ name: 'time', point: 'cg', value: (400 / nodes) * (platform === 'xen' ? nodes : 1) * j, unit: 's', better: 'lower' }], {
          nodeCount: nodes,
        });
      }
    }
  }
  // Xen cannot run BT with OpenMP (as in the paper): three failed attempts, kept with their reason.
  for (let i = 0; i < 3; i++)
    f.finish(
      { platform: 'xen', planIndex: plan++, benchmark: 'npb-omp', params: { kernel: 'bt', class: 'C', variant: 'openmp', threads: 2 } },
      [],
      'failed',
      'bt.C.x: killed by signal 11',
    );
}

const series = (d: FigureDataset, panel: string, platform: string): FigureSeries =>
  d.panels.find((p) => p.id === panel)!.series.find((s) => s.platform === platform)!;

describe('figure datasets', () => {
  it('builds Fig. 1a/1b/2/3/4 with n, mean and CI per point, and lists failures', () => {
    seedPaperLike();
    const [fig1a, fig1b, fig2, fig3, fig4] = campaignFigures(f.db, f.campaignId);

    const lat = series(fig1a!, 'latency', 'xen');
    expect(lat.points.map((p) => p.x)).toEqual(['1', '64', '1024']);
    expect(lat.points[0]).toMatchObject({ n: 3 });
    expect(lat.points[0]!.mean).toBeCloseTo(160.01, 6);
    expect(lat.points[0]!.ci!.low).toBeLessThan(160.01);
    expect(fig1a!.panels[0]!.series[0]!).toMatchObject({ platform: 'native', baseline: true });

    const bw = series(fig1b!, 'bandwidth', 'openvz').points[0]!;
    expect(bw.mean).toBeCloseTo((332 / 940) * 100, 8);
    expect(bw.significant).toBe(true);
    expect(series(fig1b!, 'bandwidth', 'native').points[0]!.mean).toBe(100);

    expect(fig2!.panels.map((p) => p.id)).toEqual(['writer', 'reader']);
    expect(series(fig2!, 'reader', 'xen').points.map((p) => [p.x, Math.round(p.mean)])).toEqual([
      ['1024', 450000],
      ['32768', 450000],
    ]);

    const serial = series(fig3!, 'serial', 'xen').points;
    expect(serial.map((p) => p.x)).toEqual(['bt', 'cg', 'is']);
    expect(serial[0]!.mean).toBeCloseTo(1.01, 10);
    expect(series(fig3!, 'serial', 'native').points.every((p) => p.mean === 1)).toBe(true);
    expect(series(fig3!, 'openmp', 'xen').points.map((p) => p.x)).toEqual(['cg', 'is']);
    expect(fig3!.failures).toEqual([
      { platform: 'xen', benchmark: 'npb-omp', x: 'bt', nodeCount: 1, state: 'failed', reason: 'bt.C.x: killed by signal 11', runIds: expect.any(Array) },
    ]);
    expect(fig3!.failures[0]!.runIds).toHaveLength(3);
    expect(fig3!.missing).toEqual([]);

    expect(fig4!.panels.map((p) => p.id)).toEqual(['cg-time', 'cg-speedup']);
    expect(series(fig4!, 'cg-time', 'native').points.map((p) => [p.x, p.n, Math.round(p.mean)])).toEqual([
      ['1', 3, 400],
      ['2', 3, 200],
      ['4', 3, 100],
    ]);
    const speedup = series(fig4!, 'cg-speedup', 'native').points;
    expect(speedup.map((p) => p.mean)).toEqual([1, 2, 4].map((x) => expect.closeTo(x, 9)));
    expect(series(fig4!, 'cg-speedup', 'xen').points.map((p) => p.mean)).toEqual([1, 1, 1].map((x) => expect.closeTo(x, 9)));
  });

  it('draws no speedup where a time is 0.00 s (below the timer resolution) and says so, per platform', () => {
    let plan = 0;
    // IS: native's 1-node time is 0.00 s (no speedup at any count); xen's 4-node time is 0.00 s (none at 4 nodes).
    const times: Record<string, Record<number, number>> = { native: { 1: 0, 2: 0.01, 4: 0.06 }, xen: { 1: 0.4, 2: 0.2, 4: 0 } };
    for (const platform of ['native', 'xen'])
      for (const j of jitter)
        for (const nodes of [1, 2, 4])
          f.finish({ platform, planIndex: plan++, benchmark: 'npb-mpi', nodeCount: nodes }, [
            { name: 'time', point: 'is', value: times[platform]![nodes]! * j, unit: 's', better: 'lower' },
          ]);
    const fig4 = campaignFigures(f.db, f.campaignId).find((d) => d.id === 'fig4')!;
    const speedup = fig4.panels.find((p) => p.id === 'is-speedup')!;
    // No 0 drawn for native (0 / T(n)), no NaN at 1 node, no infinity for xen at 4.
    expect(speedup.series.map((s) => s.platform)).toEqual(['xen']);
    expect(series(fig4, 'is-speedup', 'xen').points.map((p) => [p.x, Number(p.mean.toFixed(6))])).toEqual([
      ['1', 1],
      ['2', 2],
    ]);
    expect(speedup.notes).toEqual([
      "IS: 1-node time 0.00 s, below the timer's resolution; no speedup defined (native)",
      "IS: 4-node time 0.00 s, below the timer's resolution; no speedup defined at 4 nodes (xen)",
    ]);
    expect(speedup.undrawnXs).toEqual(['4']);
    // The times are all drawn as measured.
    expect(series(fig4, 'is-time', 'native').points.map((p) => p.mean)).toEqual([0, expect.closeTo(0.01, 9), expect.closeTo(0.06, 9)]);
  });

  it('the SQL-moments path gives the same means and intervals as the raw path (no medians)', () => {
    seedPaperLike();
    const raw = campaignFigures(f.db, f.campaignId);
    const moments = campaignFigures(f.db, f.campaignId, { source: 'moments' });
    const flat = (ds: FigureDataset[]) =>
      ds.flatMap((d) =>
        d.panels.flatMap((p) => p.series.flatMap((s) => s.points.map((pt) => [d.id, p.id, s.platform, pt.x, pt.n, pt.mean, pt.ci?.low ?? null] as const))),
      );
    const a = flat(raw);
    const b = flat(moments);
    expect(b.map((r) => r.slice(0, 5))).toEqual(a.map((r) => r.slice(0, 5)));
    b.forEach((r, i) => {
      expect(r[5]).toBeCloseTo(a[i]![5], 6);
      if (a[i]![6] !== null) expect(r[6]!).toBeCloseTo(a[i]![6]!, 4);
    });
  });

  it('refuses to guess a baseline', () => {
    f.db.prepare("UPDATE scenarios SET json = json_remove(json, '$.baseline')").run();
    f.finish({ platform: 'xen', planIndex: 0, benchmark: 'netperf' }, [{ name: 'half_rtt', point: '1', value: 1, unit: 'us', better: 'lower' }]);
    expect(() => campaignFigures(f.db, f.campaignId)).toThrow(/its scenario names no baseline/);
    expect(campaignFigures(f.db, f.campaignId, { baseline: 'xen' })[0]!.panels[0]!.series[0]!.baseline).toBe(true);
  });
});
