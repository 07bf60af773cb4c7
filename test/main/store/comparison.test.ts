import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeFixture, type Fixture } from './fixture.ts';
import {
  aggregateObservations,
  campaignBenchmarks,
  campaignMoments,
  campaignPlatforms,
  iterateObservations,
  loadFailedRuns,
  loadObservations,
  scanAggregate,
} from '../../../main/store/queries/comparison.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { exportBundle } from '../../../main/store/bundle/export.ts';
import { importBundle } from '../../../main/store/bundle/import.ts';
import type { GroupMoments } from '../../../main/analysis/types.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

const lat = (point: string, value: number) => ({ name: 'latency_us', point, value, unit: 'us', better: 'lower' as const });
const sorted = (g: readonly GroupMoments[]) =>
  [...g].sort((a, b) => `${a.platform}${a.metric}${a.point}${a.nodeCount}`.localeCompare(`${b.platform}${b.metric}${b.point}${b.nodeCount}`));
function expectSameMoments(a: readonly GroupMoments[], b: readonly GroupMoments[]) {
  const x = sorted(a);
  const y = sorted(b);
  expect(x.map(({ sum: _s, sumSq: _q, ...k }) => k)).toEqual(y.map(({ sum: _s, sumSq: _q, ...k }) => k));
  x.forEach((g, i) => {
    expect(g.sum).toBeCloseTo(y[i]!.sum, 9);
    expect(g.sumSq).toBeCloseTo(y[i]!.sumSq, 6);
  });
}

function seed() {
  let plan = 0;
  for (const platform of ['native', 'xen', 'openvz']) {
    for (let rep = 0; rep < 3; rep++) {
      f.finish({ platform, planIndex: plan++, benchmark: 'netperf', repetition: rep }, [
        lat('1', 80 + rep + (platform === 'xen' ? 80 : 0)),
        lat('1024', 120 + rep),
      ]);
    }
  }
  // A failed entry, a failed entry that was retried successfully, and a run still in progress.
  f.finish({ platform: 'xen', planIndex: plan++, benchmark: 'npb-omp', params: { kernel: 'bt' } }, [], 'failed', 'bt.C.x: segmentation fault');
  const retried = f.finish({ platform: 'openvz', planIndex: plan, benchmark: 'npb-omp', params: { kernel: 'cg' } }, [], 'failed', 'timeout');
  const retry = f.repos.runs.planRetry(retried);
  f.repos.runs.transition(retry, 'running');
  f.repos.runs.transition(retry, 'parsing');
  f.repos.metrics.insertMetrics([{ runId: retry, name: 'time_s', point: 'cg', value: 12, unit: 's', better: 'lower' }]);
  f.repos.runs.transition(retry, 'done');
  const pending = f.repos.runs.create({ campaignId: f.campaignId, planIndex: 99, platformId: f.platforms.native!, benchmark: 'netperf' });
  f.repos.runs.transition(pending, 'running');
  f.repos.runs.transition(pending, 'parsing');
  f.repos.metrics.insertMetrics([lat('1', 5000)].map((m) => ({ ...m, runId: pending })));
  return { pending };
}

describe('comparison queries', () => {
  it('load observations of finished runs only, streamed or at once, filtered by benchmark and metric', () => {
    seed();
    const all = loadObservations(f.db, f.campaignId);
    expect(all).toHaveLength(19);
    expect(all.some((o) => o.value === 5000)).toBe(false);
    expect([...iterateObservations(f.db, f.campaignId)]).toEqual(all);
    const fig = loadObservations(f.db, f.campaignId, { benchmark: 'netperf', metric: 'latency_us' });
    expect(fig).toHaveLength(18);
    expect(fig[0]).toMatchObject({
      platform: expect.any(String),
      benchmark: 'netperf',
      metric: 'latency_us',
      nodeCount: 1,
      unit: 'us',
      better: 'lower',
      runId: expect.any(Number),
    });
    expect(loadObservations(f.db, f.campaignId + 1)).toEqual([]);
  });

  it('lists failed plan entries with their reason, leaving out those retried successfully', () => {
    seed();
    const failed = loadFailedRuns(f.db, f.campaignId);
    expect(failed).toEqual([
      expect.objectContaining({ platform: 'xen', benchmark: 'npb-omp', params: { kernel: 'bt' }, state: 'failed', reason: 'bt.C.x: segmentation fault' }),
    ]);
    expect(campaignPlatforms(f.db, f.campaignId).map((p) => [p.name, p.isBaseline])).toEqual([
      ['native', true],
      ['openvz', false],
      ['xen', false],
    ]);
  });

  it('lists the benchmarks a campaign has runs of in any state, and its platforms, from one index entry to the next', () => {
    seed();
    expect(campaignBenchmarks(f.db, f.campaignId)).toEqual(['netperf', 'npb-omp']);
    expect(campaignBenchmarks(f.db, f.campaignId + 1)).toEqual([]);
    expect(campaignPlatforms(f.db, f.campaignId + 1)).toEqual([]);
    const plan = (sql: string) => (f.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(plan("SELECT min(benchmark) FROM runs WHERE campaign_id = 1 AND benchmark > 'a'")).toMatch(/COVERING INDEX runs_by_campaign_benchmark/);
    expect(plan('SELECT min(platform_id) FROM runs WHERE campaign_id = 1 AND platform_id > 1')).toMatch(/COVERING INDEX runs_by_campaign_platform/);
    expect(plan(`SELECT id FROM runs r WHERE r.campaign_id = 1 AND r.state IN ('failed', 'interrupted', 'cancelled') ORDER BY r.plan_index`)).toMatch(
      /INDEX runs_failed/,
    );
  });

  it("reads a campaign's moments once per change of the database: the same frozen rows until anything is written", () => {
    const { pending } = seed();
    const first = campaignMoments(f.db, f.campaignId);
    expect(campaignMoments(f.db, f.campaignId)).toBe(first);
    expect(aggregateObservations(f.db, f.campaignId)).toBe(first);
    expect(Object.isFrozen(first) && first.every((g) => Object.isFrozen(g))).toBe(true);
    // This connection finishes a run (its metrics join through a trigger): new rows.
    f.repos.runs.transition(pending, 'done');
    const second = campaignMoments(f.db, f.campaignId);
    expect(second).not.toBe(first);
    expectSameMoments(second, scanAggregate(f.db, f.campaignId));
    // Another connection commits: new rows on this one too.
    const other = openDatabase({ path: join(f.dir, 'virtlab.db') });
    try {
      other
        .prepare('INSERT INTO metrics (run_id, name, point, value, unit, better) VALUES (?, ?, ?, ?, ?, ?)')
        .run(pending, 'latency_us', '64', 91, 'us', 'lower');
    } finally {
      other.close();
    }
    const third = campaignMoments(f.db, f.campaignId);
    expect(third).not.toBe(second);
    expect(third.find((g) => g.platform === 'native' && g.point === '64')).toMatchObject({ n: 1, sum: 91 });
    expectSameMoments(third, scanAggregate(f.db, f.campaignId));
  });

  it('the rollup equals a full scan: built as runs finish, after late metrics, and after a deletion forces a rebuild', () => {
    const { pending } = seed();
    const agg = aggregateObservations(f.db, f.campaignId);
    expectSameMoments(agg, scanAggregate(f.db, f.campaignId));
    expect(agg.find((g) => g.platform === 'xen' && g.point === '1')).toMatchObject({ n: 3, sum: 160 + 161 + 162, min: 160, max: 162 });

    // The pending run finishes: its metric joins the rollup.
    f.repos.runs.transition(pending, 'done');
    // A metric added to a run that is already done also joins.
    f.repos.metrics.insertMetrics([{ runId: pending, name: 'latency_us', point: '64', value: 90, unit: 'us', better: 'lower' }]);
    expectSameMoments(aggregateObservations(f.db, f.campaignId), scanAggregate(f.db, f.campaignId));
    expect(
      aggregateObservations(f.db, f.campaignId, { benchmark: 'netperf', metric: 'latency_us' }).find((g) => g.platform === 'native' && g.point === '1')!.max,
    ).toBe(5000);

    // Deleting a finished run cannot be un-merged (min/max): the campaign is marked stale and rebuilt on the next read.
    f.db.prepare('DELETE FROM runs WHERE id = ?').run(pending);
    expect(f.db.prepare('SELECT COUNT(*) AS n FROM metric_rollup_stale').get()).toEqual({ n: 1 });
    const rebuilt = aggregateObservations(f.db, f.campaignId);
    expect(rebuilt.find((g) => g.platform === 'native' && g.point === '1')!.max).toBe(82);
    expectSameMoments(rebuilt, scanAggregate(f.db, f.campaignId));
    expect(f.db.prepare('SELECT COUNT(*) AS n FROM metric_rollup_stale').get()).toEqual({ n: 0 });

    // Updating a finished run's metric also goes through a rebuild.
    f.db.prepare("UPDATE metrics SET value = 1 WHERE name = 'time_s'").run();
    expectSameMoments(aggregateObservations(f.db, f.campaignId), scanAggregate(f.db, f.campaignId));
  });

  it('the rollup equals a full scan after a retry and in a database a bundle of the campaign was imported into', () => {
    seed(); // holds an entry that failed and was retried successfully
    expectSameMoments(aggregateObservations(f.db, f.campaignId), scanAggregate(f.db, f.campaignId));
    // Retry a finished run's entry (its new attempt done with other values): both attempts are done runs.
    const again = f.repos.runs.planRetry(f.db.prepare("SELECT id FROM runs WHERE benchmark = 'netperf' AND state = 'done' LIMIT 1").pluck().get() as number);
    f.repos.runs.transition(again, 'running');
    f.repos.runs.transition(again, 'parsing');
    f.repos.metrics.insertMetrics([{ ...lat('1', 77), runId: again }]);
    f.repos.runs.transition(again, 'done');
    expectSameMoments(aggregateObservations(f.db, f.campaignId), scanAggregate(f.db, f.campaignId));

    // The fixture saves its rows the short way, without the UUIDs a bundle names them by.
    const uuid =
      "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";
    for (const table of ['scenarios', 'campaigns', 'runs']) f.db.prepare(`UPDATE ${table} SET uuid = ${uuid} WHERE uuid IS NULL`).run();
    const bundle = join(f.dir, 'c.vlbundle');
    exportBundle(f.db, bundle);
    const target = openDatabase({ path: join(f.dir, 'target.db') });
    try {
      // The scenario itself is not what this test is about: accepted under its stored name.
      const added = importBundle(target, bundle, () => ({ ok: true, name: 'paper' })).added;
      const imported = target.prepare('SELECT id FROM campaigns WHERE uuid = ?').pluck().get(added[0]) as number;
      expectSameMoments(aggregateObservations(target, imported), scanAggregate(target, imported));
      expectSameMoments(aggregateObservations(target, imported), scanAggregate(f.db, f.campaignId));
    } finally {
      target.close();
    }
  });

  it('a read-only connection scans a stale campaign instead of rebuilding it', () => {
    seed();
    f.db.prepare("UPDATE metrics SET value = value * 2 WHERE name = 'latency_us'").run();
    const ro = openDatabase({ path: join(f.dir, 'virtlab.db'), readonly: true });
    try {
      expectSameMoments(aggregateObservations(ro, f.campaignId), scanAggregate(f.db, f.campaignId));
    } finally {
      ro.close();
    }
    expect(f.db.prepare('SELECT COUNT(*) AS n FROM metric_rollup_stale').get()).toEqual({ n: 1 });
  });

  it('the comparison query uses the indexes, not a scan of metrics', () => {
    const plan = (
      f.db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT * FROM runs r JOIN metrics m ON m.run_id = r.id JOIN platforms p ON p.id = r.platform_id
      WHERE r.campaign_id = 1 AND r.state = 'done' AND r.benchmark = 'netperf' AND m.name = 'latency_us'`,
        )
        .all() as { detail: string }[]
    ).map((r) => r.detail);
    // Either index of a campaign's runs that narrows to the benchmark (runs_by_campaign_benchmark: migration 012).
    expect(plan.join('\n')).toMatch(/SEARCH r USING (COVERING )?INDEX (runs_for_comparison|runs_by_campaign_benchmark) \(campaign_id=\?/);
    expect(plan.join('\n')).toMatch(/SEARCH m USING PRIMARY KEY \(run_id=\? AND name=\?\)/);
  });
});
