// A plan's durations: each run from its point's history on the platform when it ran before (median of the stored
// durations), else the module's estimate; one-off setup (builds, installs, uploads) counted once per platform and key.
import type { SetupCost } from '../benchmarks/module.ts';
import type { SweepPoint } from './points.ts';

/** Median stored duration (s) of earlier finished runs of this point on this platform, if any. */
export type RunHistory = (platform: string, runName: string, params: Record<string, unknown>) => number | undefined;
/** Seconds a platform's preparation took before with this provider, settings and host count; undefined if never. */
export type PreparationHistory = (platform: string, provider: string, settings: Record<string, unknown>, hostCount: number) => number | undefined;

export interface RunEstimate {
  sec: number;
  from: 'module' | 'history';
}

export function estimateRun(point: SweepPoint, platform: string, history?: RunHistory): RunEstimate {
  const seen = history?.(platform, point.runName, point.params);
  if (seen !== undefined && Number.isFinite(seen) && seen > 0) return { sec: seen, from: 'history' };
  return { sec: point.module.estimate(point.params).runSec, from: 'module' };
}

/** Setup work of the points a platform runs, each key once; with history, a platform's earlier runs already did it. */
export function setupOf(points: readonly SweepPoint[], hasHistory: (p: SweepPoint) => boolean): SetupCost[] {
  const seen = new Map<string, SetupCost>();
  for (const p of points) {
    if (hasHistory(p)) continue;
    for (const s of p.module.estimate(p.params).setup as SetupCost[]) if (!seen.has(s.key)) seen.set(s.key, s);
  }
  return [...seen.values()];
}
