import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeFixture, type Fixture } from '../store/fixture.ts';
import { spreadOf, quantile, type SpreadOptions } from '../../../main/reports/spread.ts';
import { aggregateObservations, loadObservations } from '../../../main/store/queries/comparison.ts';
import { compareKeys, groupId } from '../../../main/analysis/summary.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import type { MetricObservation } from '../../../main/analysis/types.ts';
import type { SpreadGroup, SpreadResult } from '../../../main/contract/results.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

/** The spread as it was computed before the rollup remembered it: every raw value of the metric read and grouped
 * on each call. The new path must give exactly this (same bits). */
function reference(db: Database, campaignId: number, options: SpreadOptions): SpreadResult {
  const metrics = new Map<string, { benchmark: string; metric: string; unit: string }>();
  for (const g of aggregateObservations(db, campaignId))
    metrics.set(`${g.benchmark}\u0000${g.metric}`, { benchmark: g.benchmark, metric: g.metric, unit: g.unit });
  const list = [...metrics.values()].sort((a, b) => a.benchmark.localeCompare(b.benchmark) || a.metric.localeCompare(b.metric));
  const benchmark = options.benchmark ?? (options.metric === undefined ? list[0]?.benchmark : undefined);
  const metric = options.metric ?? (options.benchmark === undefined ? list[0]?.metric : list.find((m) => m.benchmark === options.benchmark)?.metric);
  const groups = new Map<string, { first: MetricObservation; values: number[] }>();
  for (const o of list.length ? loadObservations(db, campaignId, { ...(benchmark ? { benchmark } : {}), ...(metric ? { metric } : {}) }) : []) {
    if (options.platforms && o.platform !== options.baseline && !options.platforms.includes(o.platform)) continue;
    const g = groups.get(groupId(o));
    if (g) g.values.push(o.value);
    else groups.set(groupId(o), { first: o, values: [o.value] });
  }
  const out: SpreadGroup[] = [];
  for (const { first: f, values } of groups.values()) {
    values.sort((a, b) => a - b);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : null;
    out.push({
      platform: f.platform,
      benchmark: f.benchmark,
      metric: f.metric,
      point: f.point,
      nodeCount: f.nodeCount,
      x: f.point || '(all)',
      unit: f.unit,
      n: values.length,
      min: values[0]!,
      q1: quantile(values, 0.25),
      median: quantile(values, 0.5),
      q3: quantile(values, 0.75),
      max: values[values.length - 1]!,
      cv: sd !== null && mean !== 0 ? sd / Math.abs(mean) : null,
    });
  }
  return { campaignId, metrics: list, groups: out.sort(compareKeys) };
}

let seedValue = 7;
const rand = () => (seedValue = (seedValue * 1103515245 + 12345) % 2147483648) / 2147483648;
let plan = 0;
function runOf(platform: string, points = ['1', '1024', '65536']) {
  return f.finish(
    { platform, planIndex: plan++, benchmark: 'netperf' },
    points.flatMap((point) => [
      { name: 'half_rtt_us', point, value: 50 + 40 * rand(), unit: 'us', better: 'lower' as const },
      { name: 'throughput_mbps', point, value: 900 + 300 * rand(), unit: 'Mbit/s', better: 'higher' as const },
    ]),
  );
}
const remembered = (db: Database) => db.prepare('SELECT COUNT(*) AS n FROM metric_rollup WHERE spread_n = n').get() as { n: number };

describe('spread of a metric (box plots)', () => {
  beforeEach(() => {
    plan = 0;
    seedValue = 7;
  });

  it('equals the computation from the raw values, the first time (then remembered) and every time after', () => {
    for (let rep = 0; rep < 7; rep++) for (const p of ['native', 'xen', 'openvz']) runOf(p);
    const first = spreadOf(f.db, f.campaignId, {});
    expect(first).toEqual(reference(f.db, f.campaignId, {}));
    expect(first.groups).toHaveLength(9);
    // The first metric's 9 groups are remembered, the other metric's are not (nobody looked at it yet).
    expect(remembered(f.db)).toEqual({ n: 9 });
    expect(spreadOf(f.db, f.campaignId, {})).toEqual(first);
    const other = { benchmark: 'netperf', metric: 'throughput_mbps' };
    expect(spreadOf(f.db, f.campaignId, other)).toEqual(reference(f.db, f.campaignId, other));
    expect(remembered(f.db)).toEqual({ n: 18 });
    expect(spreadOf(f.db, f.campaignId, other)).toEqual(reference(f.db, f.campaignId, other));
  });

  it('a run finishing afterwards makes its groups count again (the others stay remembered)', () => {
    for (let rep = 0; rep < 4; rep++) for (const p of ['native', 'xen']) runOf(p);
    spreadOf(f.db, f.campaignId, {});
    runOf('xen', ['1024']);
    expect(remembered(f.db)).toEqual({ n: 5 });
    expect(spreadOf(f.db, f.campaignId, {})).toEqual(reference(f.db, f.campaignId, {}));
    expect(remembered(f.db)).toEqual({ n: 6 });
    // A deleted run marks the campaign stale: rebuilt, computed again, the same as from the values.
    f.db.prepare('DELETE FROM runs WHERE id = (SELECT MIN(id) FROM runs)').run();
    expect(spreadOf(f.db, f.campaignId, {})).toEqual(reference(f.db, f.campaignId, {}));
  });

  it('filters platforms (the baseline always kept) the same way, remembered or not', () => {
    for (let rep = 0; rep < 3; rep++) for (const p of ['native', 'xen', 'openvz']) runOf(p);
    const opts = { platforms: ['xen'], baseline: 'native' };
    expect(spreadOf(f.db, f.campaignId, opts)).toEqual(reference(f.db, f.campaignId, opts));
    expect(spreadOf(f.db, f.campaignId, opts)).toEqual(reference(f.db, f.campaignId, opts));
    expect(spreadOf(f.db, f.campaignId, {}).groups).toHaveLength(9);
  });

  it('a single value, a group mixing units, and a read-only connection to a stale campaign: computed from the values', () => {
    runOf('native', ['1']);
    f.finish({ platform: 'native', planIndex: plan++, benchmark: 'netperf' }, [{ name: 'half_rtt_us', point: '1024', value: 70, unit: 'us', better: 'lower' }]);
    f.finish({ platform: 'native', planIndex: plan++, benchmark: 'netperf' }, [
      { name: 'half_rtt_us', point: '1024', value: 0.07, unit: 'ms', better: 'lower' },
    ]);
    expect(spreadOf(f.db, f.campaignId, {})).toEqual(reference(f.db, f.campaignId, {}));
    expect(remembered(f.db)).toEqual({ n: 0 });
    f.db.prepare('INSERT INTO metric_rollup_stale (campaign_id) VALUES (?)').run(f.campaignId);
    const ro = openDatabase({ path: join(f.dir, 'virtlab.db'), readonly: true });
    try {
      expect(spreadOf(ro, f.campaignId, {})).toEqual(reference(ro, f.campaignId, {}));
    } finally {
      ro.close();
    }
  });

  it('nothing measured: no metrics and no groups', () => {
    expect(spreadOf(f.db, f.campaignId, {})).toEqual({ campaignId: f.campaignId, metrics: [], groups: [] });
  });
});
