// Store throughput: 1,000,000 metric rows through the product's repository vs a plain better-sqlite3 loop doing the
// same inserts in one transaction (same schema, separate temp files), then the comparison queries over the million rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database } from '../main/store/open-database.ts';
import { createRepos } from '../main/store/repos/index.ts';
import type { MetricRow } from '../main/store/repos/metrics.ts';
import {
  aggregateObservations,
  iterateObservations,
  loadFailedRuns,
  loadObservations,
  rebuildRollup,
  scanAggregate,
} from '../main/store/queries/comparison.ts';
import { summarizeMoments } from '../main/analysis/summary.ts';
import { databaseFile } from '../main/config/data-dir.ts';
import { startCore } from '../main/core/core.ts';
import { createLocalClient } from '../main/core/local-client.ts';
import type { Client } from '../main/contract/procedures.ts';

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
    repos.platforms.create({ name, technology: i === 0 ? 'native' : 'hw-vm', product: name, isBaseline: i === 0 }),
  );
  const scenario = repos.scenarios.save('bench', { rows: TOTAL_ROWS, baseline: 'native' });
  const campaignId = repos.campaigns.create(scenario.id, 'bench');
  const plan = Array.from({ length: RUNS }, (_, i) => ({
    campaignId,
    planIndex: i,
    platformId: platformIds[i % PLATFORMS.length]!,
    benchmark: BENCHMARKS[Math.floor(i / PLATFORMS.length) % BENCHMARKS.length]!,
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
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
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
  db.transaction(() => {
    for (const r of rows) insert.run(r.runId, r.name, r.point, r.value, r.unit, r.better);
  })();
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
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    all.push(ms(t0));
  }
  const sorted = [...all].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)]!, all };
}

export async function run(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'virtlab-bench-store-'));
  try {
    // The product's database lives in a data folder, as the core opens it.
    const dbPath = databaseFile(dir);
    const product = openDatabase({ path: dbPath });
    const plain = openDatabase({ path: join(dir, 'plain.db') });
    const p = seedCampaign(product);
    const b = seedCampaign(plain);
    // The generated rows (2 x 1M objects) are dropped once inserted: kept alive, every later garbage collection in
    // the timed queries would mark them (the core never holds them).
    const baselineMs = plainInsert(plain, makeRows(b.runIds));
    const productMs = productInsert(product, makeRows(p.runIds));
    const ratio = Math.round((productMs / baselineMs) * 100) / 100;
    console.log(`insert ${TOTAL_ROWS} rows: product ${productMs} ms, plain better-sqlite3 ${baselineMs} ms, ratio ${ratio} (target <= 1.5)`);
    plain.close();

    // Runs turning done fold their metrics into the rollup (trigger): the cost moved out of every later comparison.
    const t0 = performance.now();
    product.transaction(() => {
      for (const id of p.runIds) product.prepare("UPDATE runs SET state = 'done' WHERE id = ?").run(id);
    })();
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
      streamCampaign: time(() => {
        let n = 0;
        for (const _ of iterateObservations(product, c)) n++;
        return n;
      }, 3),
      failedRuns: time(() => loadFailedRuns(product, c)),
      summarizeCampaign: time(() => aggregateObservations(product, c).map((g) => summarizeMoments(g))),
    };
    const groups = aggregateObservations(product, c).length;
    const figureRows = loadObservations(product, c, { benchmark: 'netperf', metric: 'latency_us' }).length;
    product.close();

    // What the product itself runs: the Compare page's three procedures and `results compare`, through the core's
    // handlers with their input and output checks (the path the bridge, Electron's IPC and the CLI take), each timing
    // on a freshly started core over the data folder (no statement compiled, nothing in memory: a first Compare after
    // a start). The spread's first look at a metric computes it from the raw values and remembers it in the rollup;
    // that one-off cost is timed on its own, then every later look reads what was remembered.
    // Wall time is what the target counts; the process's CPU time is printed beside it because six engineers share
    // two cores here: at a load of 10 the wall time of the same work is several times its CPU time.
    const onCore = async <T>(fn: (api: Client) => Promise<T>): Promise<{ ms: number; cpuMs: number; value: T }> => {
      const core = startCore({ dataDir: dir, host: 'bridge' });
      try {
        const api = createLocalClient(core.handlers);
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const value = await fn(api);
        const wall = ms(t0);
        const cpu = process.cpuUsage(c0);
        return { ms: wall, cpuMs: Math.round((cpu.user + cpu.system) / 100) / 10, value };
      } finally {
        await core.close();
      }
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const timeCore = async (fn: (api: Client) => Promise<unknown>, reps = 3) => {
      const all: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < reps; i++) {
        const r = await onCore(fn);
        all.push(r.ms);
        cpu.push(r.cpuMs);
      }
      return { ms: median(all), all, cpuMs: median(cpu), cpuAll: cpu };
    };
    const spreadFirstLook = await onCore((api) => api['results.spread']({ campaignId: c }));
    const product_ = {
      productFiguresPage: await timeCore((api) => api['results.figures']({ campaignId: c, mode: 'relative' })),
      productOverview: await timeCore((api) => api['results.overview']({ campaignId: c })),
      productSpreadFirstMetric: await timeCore((api) => api['results.spread']({ campaignId: c })),
      productComparePage: await timeCore((api) =>
        Promise.all([
          api['results.figures']({ campaignId: c, mode: 'relative' }),
          api['results.overview']({ campaignId: c }),
          api['results.spread']({ campaignId: c }),
        ]),
      ),
      productCompareFigure: await timeCore((api) => api['results.compare']({ campaignId: c, benchmark: 'netperf', metric: 'latency_us' })),
      productCompareCampaign: await timeCore((api) => api['results.compare']({ campaignId: c })),
    };
    // The same spread as the product computed it before it was remembered: every raw value of the metric, grouped
    // (the baseline of this run for the ratio printed).
    const ro = openDatabase({ path: dbPath, readonly: true });
    const spreadFromValues = time(() => {
      const groups = new Map<string, number[]>();
      for (const o of loadObservations(ro, c, { benchmark: spreadFirstLook.value.metrics[0]!.benchmark, metric: spreadFirstLook.value.metrics[0]!.metric })) {
        const k = `${o.platform}\u0000${o.point}\u0000${o.nodeCount}`;
        const g = groups.get(k);
        if (g) g.push(o.value);
        else groups.set(k, [o.value]);
      }
      for (const g of groups.values()) g.sort((a, b) => a - b);
    }, 3);
    ro.close();
    const spreadRatio = Math.round((product_.productSpreadFirstMetric.ms / spreadFromValues.ms) * 1000) / 1000;
    console.log(
      `spread of the first metric: first look ${spreadFirstLook.ms} ms (computed from the values and remembered), then median ${product_.productSpreadFirstMetric.ms} ms; ` +
        `from the raw values every time (as before) ${spreadFromValues.ms} ms: ratio ${spreadRatio}`,
    );
    Object.assign(queries, product_);
    const counts = { groups, figureRows };
    for (const [name, t] of Object.entries(queries)) console.log(`${name}: median ${t.ms} ms of [${t.all.join(', ')}]`);
    // The target: every Compare query the product runs (each on a freshly started core) under 50 ms.
    for (const [name, t] of Object.entries(product_))
      console.log(
        `target ${name}: ${t.ms} ms ${t.ms < 50 ? '<' : '>='} 50 ms: ${t.ms < 50 ? 'met' : 'NOT met'} (CPU median ${t.cpuMs} ms of [${t.cpuAll.join(', ')}])`,
      );
    console.log(
      `load average during the queries: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(`verdict: ${Object.values(product_).every((t) => t.ms < 50) ? 'every Compare query under 50 ms' : 'NOT every Compare query under 50 ms'}`);
    return {
      rows: TOTAL_ROWS,
      insert: { productMs, baselineMs, ratio, targetRatio: 1.5, withinTarget: ratio <= 1.5 },
      rollup: { markDoneMs, rebuildMs },
      queriesMs: Object.fromEntries(Object.entries(queries).map(([k, v]) => [k, v.ms])),
      productCpuMs: Object.fromEntries(Object.entries(product_).map(([k, v]) => [k, v.cpuMs])),
      loadAverage: loadavg()[0],
      queryTargetMs: 50,
      spread: { firstLookMs: spreadFirstLook.ms, rememberedMs: product_.productSpreadFirstMetric.ms, fromValuesMs: spreadFromValues.ms, ratio: spreadRatio },
      productQueriesWithinTarget: Object.values(product_).every((t) => t.ms < 50),
      ...counts,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
