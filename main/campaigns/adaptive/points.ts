// A campaign's runs as points (one benchmark point on every platform, all its rounds) and what is known about each:
// the record the decision reads, outliers, and the status the Runs page and the report show.
import type { AdaptiveRepetitions } from '../../contract/scenarios.ts';
import type { AdaptivePoint } from '../../contract/campaigns.ts';
import { pointKey } from '../../scenarios/points.ts';
import { allModules, moduleOfRun } from '../../benchmarks/registry.ts';
import type { PointRun, RunValue } from '../../store/queries/adaptive-rounds.ts';
import { decidePoint, type PointRecord } from './decide.ts';
import { madOutliers } from './outliers.ts';

export interface Point {
  key: string;
  benchmark: string;
  paramsJson: string;
  nodeCount: number;
  /** Every attempt of every run of the point, plan order. */
  runs: PointRun[];
}

const FINISHED = new Set(['done', 'failed', 'interrupted', 'cancelled']);

export function groupPoints(runs: readonly PointRun[]): Point[] {
  const points = new Map<string, Point>();
  for (const r of runs) {
    const key = `${r.benchmark}\u0000${r.paramsJson}\u0000${r.nodeCount}`;
    let p = points.get(key);
    if (!p) points.set(key, (p = { key, benchmark: r.benchmark, paramsJson: r.paramsJson, nodeCount: r.nodeCount, runs: [] }));
    p.runs.push(r);
  }
  return [...points.values()];
}

/** The latest attempt of each plan entry of the point (an earlier failed attempt retried since is history). */
export function latestAttempts(point: Point): PointRun[] {
  const latest = new Map<number, PointRun>();
  for (const r of point.runs) if ((latest.get(r.planIndex)?.attempt ?? 0) < r.attempt) latest.set(r.planIndex, r);
  return [...latest.values()];
}

type Samples = Map<string, Map<string, { values: number[]; runIds: number[] }>>;

const HEADLINES = new Map<string, Set<string>>();
for (const h of allModules().flatMap((m) => m.headlines)) HEADLINES.set(h.benchmark, (HEADLINES.get(h.benchmark) ?? new Set()).add(h.metric));

/**
 * The values a point is judged by: its benchmark's headline metrics (netperf's half_rtt, not its rtt_max, whose
 * interval never narrows), or every metric of a run that has none of them.
 */
export function decidingValues(benchmark: string, values: readonly RunValue[]): readonly RunValue[] {
  const headline = HEADLINES.get(benchmark);
  const picked = headline ? values.filter((v) => headline.has(v.metric)) : [];
  return picked.length ? picked : values;
}

function samplesOf(latest: readonly PointRun[], valuesByRun: ReadonlyMap<number, readonly RunValue[]>): Samples {
  const out: Samples = new Map();
  for (const r of latest) {
    if (r.repetition < 0 || r.state !== 'done') continue;
    let byMetric = out.get(r.platform);
    if (!byMetric) out.set(r.platform, (byMetric = new Map()));
    for (const v of decidingValues(r.benchmark, valuesByRun.get(r.id) ?? [])) {
      const metric = v.point === '' ? v.metric : `${v.metric} @ ${v.point}`;
      let s = byMetric.get(metric);
      if (!s) byMetric.set(metric, (s = { values: [], runIds: [] }));
      s.values.push(v.value);
      s.runIds.push(r.id);
    }
  }
  return out;
}

export function recordOf(point: Point, valuesByRun: ReadonlyMap<number, readonly RunValue[]>): { record: PointRecord; samples: Samples } {
  const latest = latestAttempts(point);
  const samples = samplesOf(latest, valuesByRun);
  const measured = latest.filter((r) => r.repetition >= 0);
  const record: PointRecord = {
    rounds: measured.length ? Math.max(...measured.map((r) => r.repetition)) + 1 : 0,
    pending: latest.some((r) => !FINISHED.has(r.state)),
    failed: measured.filter((r) => r.state !== 'done' && FINISHED.has(r.state)).length,
    samples: new Map([...samples].map(([p, m]) => [p, new Map([...m].map(([k, s]) => [k, s.values]))])),
  };
  return { record, samples };
}

export function valuesByRun(values: readonly RunValue[]): Map<number, RunValue[]> {
  const out = new Map<number, RunValue[]>();
  for (const v of values) {
    const xs = out.get(v.runId);
    if (xs) xs.push(v);
    else out.set(v.runId, [v]);
  }
  return out;
}

/** A point in the report's words ("netperf TCP_RR: 64-byte messages", "npb-mpi: EP on 4 nodes"); a netperf pair is not "2 nodes". */
export function pointLabel(benchmark: string, params: Record<string, unknown>, nodeCount: number): string {
  const module = moduleOfRun(benchmark);
  const key = pointKey(benchmark, params);
  if (!module) return `${benchmark} ${key}`.trim();
  return `${benchmark}${typeof params['test'] === 'string' ? ` ${params['test']}` : ''}: ${module.describePoint(key, nodeCount, benchmark)}`;
}

/** What the Runs page and the report show about one point; `ended`: the campaign is over (its state is final). */
export function pointStatus(
  point: Point,
  values: ReadonlyMap<number, readonly RunValue[]>,
  config: AdaptiveRepetitions,
  baseline: string,
  ended: boolean,
): AdaptivePoint {
  const { record, samples } = recordOf(point, values);
  const d = decidePoint(record, config, baseline);
  const outliers: AdaptivePoint['outliers'] = [];
  for (const [platform, byMetric] of samples) {
    for (const [metric, s] of byMetric) for (const i of madOutliers(s.values)) outliers.push({ runId: s.runIds[i]!, platform, metric, value: s.values[i]! });
  }
  const params = JSON.parse(point.paramsJson) as Record<string, unknown>;
  const seconds = point.runs.reduce((t, r) => t + (r.startedAt !== null && r.endedAt !== null ? (r.endedAt - r.startedAt) / 1000 : 0), 0);
  const state = d.kind === 'stop' ? d.reason : ended ? 'ended' : 'running';
  return {
    benchmark: point.benchmark,
    params,
    nodeCount: point.nodeCount,
    label: pointLabel(point.benchmark, params, point.nodeCount),
    repetitions: record.rounds,
    warmups: new Set(point.runs.filter((r) => r.repetition < 0).map((r) => r.repetition)).size,
    state,
    widthPct: d.widthPct,
    ...(d.unknown ? { unknown: d.unknown } : {}),
    targetPct: config.targetPct,
    seconds,
    outliers,
  };
}
