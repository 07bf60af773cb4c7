// A point's history on a platform, for the plan: the median wall time of its newest finished runs there. The median
// keeps one slow first run (the one that built the benchmark) or one stalled run from setting the estimate.
import type { PastPreparation } from '../store/repos/platform-preparations.ts';
import type { PreparationHistory, RunHistory } from './estimate.ts';

export interface PastRun {
  platform: string;
  benchmark: string;
  paramsJson: string;
  sec: number | null;
}

/** Runs counted per point: the newest ones, so a changed platform shows within a few campaigns. */
export const HISTORY_RUNS_PER_POINT = 20;

/** JSON with object keys sorted, so the same params match whatever order they were stored in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const keyOf = (platform: string, benchmark: string, params: unknown) => `${platform}\u0000${benchmark}\u0000${canonicalJson(params)}`;

/** `runs` newest first (as the store returns them). Unreadable params or durations are left out. */
export function historyFrom(runs: readonly PastRun[], perPoint = HISTORY_RUNS_PER_POINT): RunHistory {
  const byPoint = new Map<string, number[]>();
  for (const r of runs) {
    if (r.sec === null || !Number.isFinite(r.sec) || r.sec <= 0) continue;
    let params: unknown;
    try {
      params = JSON.parse(r.paramsJson);
    } catch {
      continue;
    }
    const key = keyOf(r.platform, r.benchmark, params);
    const list = byPoint.get(key) ?? [];
    if (list.length < perPoint) list.push(r.sec);
    byPoint.set(key, list);
  }
  const medians = new Map([...byPoint].map(([k, xs]) => [k, median(xs)]));
  return (platform, runName, params) => medians.get(keyOf(platform, runName, params));
}

/** Preparations counted per platform (with the same provider, settings and host count): the newest ones. */
export const HISTORY_PREPARATIONS = 5;

/** `rows` newest first. The median of a platform's newest preparations made as it is now; unreadable settings left out. */
export function preparationHistoryFrom(rows: readonly PastPreparation[], perPlatform = HISTORY_PREPARATIONS): PreparationHistory {
  const key = (platform: string, provider: string, settings: unknown, hosts: number) =>
    `${platform}\u0000${provider}\u0000${canonicalJson(settings)}\u0000${hosts}`;
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    if (!Number.isFinite(r.seconds) || r.seconds < 0) continue;
    let settings: unknown;
    try {
      settings = JSON.parse(r.settingsJson);
    } catch {
      continue;
    }
    const k = key(r.platform, r.provider, settings, r.hostCount);
    const list = byKey.get(k) ?? [];
    if (list.length < perPlatform) list.push(r.seconds);
    byKey.set(k, list);
  }
  const medians = new Map([...byKey].map(([k, xs]) => [k, median(xs)]));
  return (platform, provider, settings, hosts) => medians.get(key(platform, provider, settings, hosts));
}
