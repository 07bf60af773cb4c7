// Adaptive repetitions run to the end through the real CLI on the lab (own instance): netperf TCP_RR at 2 message
// sizes, native hosts against their os-level guests, one warm-up, at least 3 and at most 5 rounds, target +-5%.
// Nothing measured is compared with a fixed figure: every assertion recomputes, from the stored values, what the
// campaign must have decided (how many rounds, why it stopped, which values are outliers) and checks it did that.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describe as describeSample } from '../../../../main/analysis/describe.ts';
import { fiellerRatio } from '../../../../main/analysis/fieller.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { labDown, labUp, type LabConfig } from '../../../lab/api.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { cli, labDataDir, type LabData } from '../support/lab-campaign.ts';

const config: LabConfig = LAB_INSTANCES.adaptive;
const TARGET = 5;
const MIN = 3;
const MAX = 5;
const WARMUP = 1;
const PLATFORMS = ['native', 'container'];
const SCENARIO = `
name: adaptive TCP_RR
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1, 1024], durationSec: 1 }
adaptive: { targetPct: ${TARGET}, min: ${MIN}, max: ${MAX}, warmup: ${WARMUP} }
order: interleaved
maxParallel: 1
`;

interface StoredRun {
  id: number;
  params: string;
  platform: string;
  repetition: number;
  state: string;
  startedAt: number;
}
interface StatusPoint {
  params: Record<string, unknown>;
  repetitions: number;
  warmups: number;
  state: string;
  outliers: { runId: number; platform: string; metric: string }[];
}

let data: LabData;
beforeAll(async () => {
  await labUp({ hosts: 2, config });
  data = await labDataDir(2, config);
}, 120_000);
afterAll(async () => {
  data?.cleanup();
  await labDown(config);
}, 120_000);

async function virtlab(args: string[]) {
  const run = cli(data.dir, args);
  const code = await run.exit;
  return { code, out: run.stdout(), err: run.stderr() };
}

/** Widest relative half-width (%) of the Fieller interval of container/native over the point's metrics, first `rounds` rounds. */
function widthPct(values: Map<string, Map<string, number[]>>, rounds: number): number {
  let worst = 0;
  for (const [metric, base] of values.get('native')!) {
    const guest = values.get('container')!.get(metric)!;
    const r = fiellerRatio(describeSample(guest.slice(0, rounds)), describeSample(base.slice(0, rounds)), 0.95);
    if (!r.ci) return Infinity;
    worst = Math.max(worst, (100 * Math.max(r.ci.high - r.ratio, r.ratio - r.ci.low)) / Math.abs(r.ratio));
  }
  return worst;
}

/** Iglewicz and Hoaglin's modified z-score above 3.5, written out here again. */
function madFlags(values: number[]): boolean[] {
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  if (values.length < 3) return values.map(() => false);
  const center = med(values);
  const mad = med(values.map((v) => Math.abs(v - center)));
  return values.map((v) => mad > 0 && Math.abs((0.6745 * (v - center)) / mad) > 3.5);
}

describe('adaptive repetitions through the CLI (netperf TCP_RR, native vs container)', () => {
  it('plans the range, runs to the end, and each point stops exactly where the stored values say it must', async () => {
    const file = join(data.dir, 'adaptive.yaml');
    writeFileSync(file, SCENARIO);
    const plan = await virtlab(['scenario', 'plan', file, '--json']);
    expect(plan.code, plan.err).toBe(0);
    const range = (JSON.parse(plan.out) as { adaptive: { runs: { min: number; max: number } } }).adaptive.runs;
    expect(range).toEqual({ min: 2 * 2 * (WARMUP + MIN), max: 2 * 2 * (WARMUP + MAX) });

    const run = await virtlab(['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
    expect(run.code, `${run.out.slice(-2000)}\n${run.err.slice(-2000)}`).toBe(0);
    const status = await virtlab(['campaign', 'status', '1', '--json']);
    expect(status.code, status.err).toBe(0);
    const { campaign, adaptive } = JSON.parse(status.out) as { campaign: { state: string }; adaptive: StatusPoint[] };
    expect(campaign.state).toBe('done');
    expect(adaptive).toHaveLength(2);

    const db = openDatabase({ path: data.dbPath, readonly: true });
    try {
      const repos = createRepos(db);
      const runs = db
        .prepare(
          `SELECT r.id, r.params_json AS params, p.name AS platform, r.repetition, r.state, r.started_at AS startedAt
        FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = 1 ORDER BY r.started_at, r.id`,
        )
        .all() as StoredRun[];
      expect(runs.every((r) => r.state === 'done')).toBe(true);
      expect(runs.length).toBeGreaterThanOrEqual(range.min);
      expect(runs.length).toBeLessThanOrEqual(range.max);
      const metricsOf = db.prepare('SELECT name, point, value FROM metrics WHERE run_id = ?');

      for (const params of new Set(runs.map((r) => r.params))) {
        const size = (JSON.parse(params) as { messageSize: number }).messageSize;
        const point = adaptive.find((p) => p.params['messageSize'] === size)!;
        const own = runs.filter((r) => r.params === params);
        const warm = own.filter((r) => r.repetition < 0);
        const measured = own.filter((r) => r.repetition >= 0);
        const rounds = Math.max(...measured.map((r) => r.repetition)) + 1;
        const where = `${size}-byte point`;

        // Rounds: m..M, each one run per platform, and a round starts only after the previous one ended on both.
        expect(rounds, where).toBeGreaterThanOrEqual(MIN);
        expect(rounds, where).toBeLessThanOrEqual(MAX);
        expect(point.repetitions, where).toBe(rounds);
        expect(
          measured.map((r) => r.repetition),
          where,
        ).toEqual(Array.from({ length: rounds }, (_, k) => [k, k]).flat());
        for (let k = 0; k < rounds; k++)
          expect(
            measured
              .slice(2 * k, 2 * k + 2)
              .map((r) => r.platform)
              .sort(),
            `${where} round ${k}`,
          ).toEqual([...PLATFORMS].sort());

        // Warm-ups: ran before any measured run, stored no metric, kept their raw netperf output.
        expect(warm.map((r) => r.platform).sort(), where).toEqual([...PLATFORMS].sort());
        expect(point.warmups, where).toBe(WARMUP);
        for (const w of warm) {
          expect(w.startedAt, where).toBeLessThan(Math.min(...measured.map((r) => r.startedAt)));
          expect(metricsOf.all(w.id), `warm-up run ${w.id}`).toEqual([]);
          expect(repos.rawLogs.getText(w.id, 'stdout'), `warm-up run ${w.id}`).toMatch(/REQUEST\/RESPONSE/);
        }

        // The stop: the first round from m on whose interval is within the target, else the cap.
        const values = new Map(PLATFORMS.map((p) => [p, new Map<string, number[]>()]));
        const runIds = new Map(PLATFORMS.map((p) => [p, new Map<string, number[]>()]));
        for (const r of measured) {
          for (const m of metricsOf.all(r.id) as { name: string; point: string; value: number }[]) {
            if (m.name !== 'half_rtt') continue; // the point's headline metric (the module's), what the decision reads
            const key = `${m.name} @ ${m.point}`;
            values.get(r.platform)!.set(key, [...(values.get(r.platform)!.get(key) ?? []), m.value]);
            runIds.get(r.platform)!.set(key, [...(runIds.get(r.platform)!.get(key) ?? []), r.id]);
          }
        }
        for (const p of PLATFORMS)
          expect(
            [...values.get(p)!.values()].map((v) => v.length),
            `${where} on ${p}`,
          ).toEqual([rounds]);
        const widths = Array.from({ length: rounds - MIN + 1 }, (_, k) => widthPct(values, MIN + k));
        const within = widths.map((w) => w <= TARGET);
        expect(within.slice(0, -1).some(Boolean), `${where}: widths ${widths.join(', ')}`).toBe(false);
        if (within.at(-1)) expect(point.state, `${where}: widths ${widths.join(', ')}`).toBe('target');
        else {
          expect(point.state, `${where}: widths ${widths.join(', ')}`).toBe('cap');
          expect(rounds, where).toBe(MAX);
        }

        // Outliers: the same values the rule flags when recomputed here, each still with its raw output.
        const expected: string[] = [];
        for (const p of PLATFORMS) {
          for (const [key, vs] of values.get(p)!)
            madFlags(vs).forEach((flag, i) => {
              if (flag) expected.push(`${runIds.get(p)!.get(key)![i]} ${p} ${key}`);
            });
        }
        expect(point.outliers.map((o) => `${o.runId} ${o.platform} ${o.metric}`).sort(), where).toEqual(expected.sort());
        for (const o of point.outliers) expect(repos.rawLogs.getText(o.runId, 'stdout'), `outlier run ${o.runId}`).toMatch(/REQUEST\/RESPONSE/);
      }
    } finally {
      db.close();
    }

    // The comparison counts measured rounds only: warm-ups are not in the statistics.
    const compare = await virtlab(['results', 'compare', '1', '--json']);
    expect(compare.code, compare.err).toBe(0);
    const rows = (JSON.parse(compare.out) as { rows: { metric: string; point: string; platform: string; n: number }[] }).rows.filter(
      (r) => r.metric === 'half_rtt',
    );
    expect(rows).toHaveLength(4);
    for (const row of rows)
      expect(row.n, `${row.point} on ${row.platform}`).toBe(adaptive.find((p) => String(p.params['messageSize']) === row.point)!.repetitions);
  }, 600_000);
});
