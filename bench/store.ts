// Store throughput: 1,000,000 metric rows through the product's repository vs a plain better-sqlite3 loop doing the
// same inserts in one transaction (same schema, separate temp files), then the comparison queries over the million rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../main/store/open-database.ts';
import { createRepos } from '../main/store/repos/index.ts';
import type { MetricRow } from '../main/store/repos/metrics.ts';
import { aggregateObservations, iterateObservations, loadFailedRuns, loadObservations, rebuildRollup, scanAggregate } from '../main/store/queries/comparison.ts';
import { summarizeMoments } from '../main/analysis/summary.ts';
import { compareCampaign } from '../main/campaigns/compare.ts';
import { campaignFiguresResult, loadCampaignData } from '../main/reports/figures.ts';
import { overviewOf } from '../main/reports/overview.ts';
import { spreadOf } from '../main/reports/spread.ts';

const PLATFORMS = ['native', 'kvm', 'xen', 'lxc'];
const BENCHMARKS = ['netperf', 'iozone', 'npb-serial', 'npb-omp', 'npb-mpi'];
const METRICS_PER_RUN = 2;
const POINTS_PER_RUN = 50;
const ROWS_PER_RUN = METRICS_PER_RUN * POINTS_PER_RUN; // 100
const TOTAL_ROWS = 1_000_000;
const RUNS = TOTAL_ROWS / ROWS_PER_RUN; // 10,000 runs: 4 platforms x 5 benchmarks x 500 repetitions

/** A campaign with RUNS finished runs; returns their ids in plan order. */
function seedCampaign(db: Database): { campaignId: number; runIds: number[] } {
  const repos = createRepos(db);
  const platformIds = PLATFORMS.map((name, i) =>
    repos.platforms.create({ name, technology: i === 0 ? 'native' : 'hw-vm', product: name, isBaseline: i === 0 }));
  const scenario = repos.scenarios.save('bench', { rows: TOTAL_ROWS, baseline: 'native' });
  const campaignId = repos.campaigns.create(scenario.id, 'bench');
  const plan = Array.from({ length: RUNS }, (_, i) => ({
    campaignId, planIndex: i, platformId: platformIds[i % PLATFORMS.length]!, benchmark: BENCHMARKS[Math.floor(i / PLATFORMS.length) % BENCHMARKS.length]!,
    repetition: Math.floor(i / (PLATFORMS.length * BENCHMARKS.length)),
  }));
  const runIds = repos.runs.createMany(plan);
  // Metrics arrive while a run is parsing (the state machine itself is not what this bench measures).
  db.prepare("UPDATE runs SET state = 'parsing' WHERE campaign_id = ?").run(campaignId);
  return { campaignId, runIds };
}

function makeRows(runIds: number[]): MetricRow[] {
  const rows: MetricRow[] = new Array(TOTAL_ROWS);
  let k = 0;
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (const runId of runIds) {
    for (let p = 0; p < POINTS_PER_RUN; p++) {
      const point = String((p + 1) * 1024); // e.g. message sizes in bytes
      rows[k++] = { runId, name: 'latency_us', point, value: 80 + 10 * rand(), unit: 'us', better: 'lower' };
      rows[k++] = { runId, name: 'bandwidth_mbps', point, value: 900 + 50 * rand(), unit: 'Mbit/s', better: 'higher' };
    }
  }
  return rows;
}

const ms = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

function plainInsert(db: Database, rows: MetricRow[]): number {
  const insert = db.prepare('INSERT INTO metrics (run_id, name, point, value, unit, better) VALUES (?, ?, ?, ?, ?, ?)');
  const t0 = performance.now();
  db.transaction(() => { for (const r of rows) insert.run(r.runId, r.name, r.point, r.value, r.unit, r.better); })();
  return ms(t0);
}

function productInsert(db: Database, rows: MetricRow[]): number {
  const repos = createRepos(db);
  const t0 = performance.now();
  repos.metrics.insertMetrics(rows);
  return ms(t0);
}

/** Median of several timings of fn (the first call also compiles the statement). */
function time(fn: () => unknown, reps = 5): { ms: number; all: number[] } {
  const all: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); fn(); all.push(ms(t0)); }
  const sorted = [...all].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)]!, all };
}

export async function run(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-bench-store-'));
  try {
    const product = openDatabase({ path: join(dir, 'product.db') });
    const plain = openDatabase({ path: join(dir, 'plain.db') });
    const p = seedCampaign(product);
    const b = seedCampaign(plain);
    const rows = makeRows(p.runIds);
    const baseRows = makeRows(b.runIds);

    const baselineMs = plainInsert(plain, baseRows);
    const productMs = productInsert(product, rows);
    const ratio = Math.round((productMs / baselineMs) * 100) / 100;
    console.log(`insert ${TOTAL_ROWS} rows: product ${productMs} ms, plain better-sqlite3 ${baselineMs} ms, ratio ${ratio} (target <= 1.5)`);
    plain.close();

    // Runs turning done fold their metrics into the rollup (trigger): the cost moved out of every later comparison.
    const t0 = performance.now();
    product.transaction(() => { for (const id of p.runIds) product.prepare("UPDATE runs SET state = 'done' WHERE id = ?").run(id); })();
    const markDoneMs = ms(t0);
    console.log(`marking ${p.runIds.length} runs done (rollup of ${TOTAL_ROWS} values): ${markDoneMs} ms`);
    const r0 = performance.now();
    rebuildRollup(product, p.campaignId);
    const rebuildMs = ms(r0);

    product.pragma('optimize');
    const c = p.campaignId;
    const queries = {
      aggregateCampaign: time(() => aggregateObservations(product, c)),
      aggregateBenchmark: time(() => aggregateObservations(product, c, { benchmark: 'netperf' })),
      aggregateFigure: time(() => aggregateObservations(product, c, { benchmark: 'netperf', metric: 'latency_us' })),
      scanAggregateCampaign: time(() => scanAggregate(product, c), 3),
      scanAggregateFigure: time(() => scanAggregate(product, c, { benchmark: 'netperf', metric: 'latency_us' }), 3),
      loadFigure: time(() => loadObservations(product, c, { benchmark: 'netperf', metric: 'latency_us' })),
      streamCampaign: time(() => { let n = 0; for (const _ of iterateObservations(product, c)) n++; return n; }, 3),
      failedRuns: time(() => loadFailedRuns(product, c)),
      summarizeCampaign: time(() => aggregateObservations(product, c).map((g) => summarizeMoments(g))),
    };
    // What the product itself runs, each on a fresh connection (the results cache is per connection, so this is the
    // first Compare after a start): results.figures (every figure of the page) and results compare of one figure.
    const fresh = <T>(fn: (db: Database) => T) => () => { const db = openDatabase({ path: join(dir, 'product.db'), readonly: true }); try { return fn(db); } finally { db.close(); } };
    // The Compare page asks results.figures, results.overview and results.spread (its first metric) at once.
    const product_ = {
      productFiguresPage: time(fresh((db) => campaignFiguresResult(db, c, { mode: 'relative' })), 3),
      productOverview: time(fresh((db) => overviewOf(c, loadCampaignData(db, c, {}))), 3),
      productSpreadFirstMetric: time(fresh((db) => spreadOf(db, c, {})), 3),
      productCompareFigure: time(fresh((db) => compareCampaign(db, c, { benchmark: 'netperf', metric: 'latency_us' })), 3),
      productCompareCampaign: time(fresh((db) => compareCampaign(db, c)), 3),
    };
    Object.assign(queries, product_);
    const groups = aggregateObservations(product, c).length;
    const counts = {
      groups,
      figureRows: loadObservations(product, c, { benchmark: 'netperf', metric: 'latency_us' }).length,
    };
    for (const [name, t] of Object.entries(queries)) console.log(`${name}: median ${t.ms} ms of [${t.all.join(', ')}]`);
    product.close();
    return {
      rows: TOTAL_ROWS,
      insert: { productMs, baselineMs, ratio, targetRatio: 1.5, withinTarget: ratio <= 1.5 },
      rollup: { markDoneMs, rebuildMs },
      queriesMs: Object.fromEntries(Object.entries(queries).map(([k, v]) => [k, v.ms])),
      queryTargetMs: 50,
      productQueriesWithinTarget: Object.values(product_).every((t) => t.ms < 50),
      ...counts,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
