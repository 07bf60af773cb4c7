// What adaptive repetitions change in a plan: the runs planned up front (warm-ups, then the minimum), warm-ups before
// every measured run whatever the order, and the range of runs and time between the minimum and the cap.
import type { Plan, PlanEntry, Scenario } from '../../contract/scenarios.ts';

/** Repetition numbers planned up front: 0..n-1 for a fixed count; -warmup..-1 then 0..min-1 for adaptive ones. */
export function plannedRepetitions(scenario: Scenario): number[] {
  const a = scenario.adaptive;
  const first = a ? -a.warmup : 0;
  const count = a ? a.warmup + a.min : scenario.repetitions;
  return Array.from({ length: count }, (_, i) => first + i);
}

/** Warm-ups first, each part in its order: a randomized order must not put a warm-up after a measured run. */
export function warmupsFirst<T extends { repetition: number }>(ordered: readonly T[]): T[] {
  return [...ordered.filter((e) => e.repetition < 0), ...ordered.filter((e) => e.repetition >= 0)];
}

type Schedule = (entries: readonly PlanEntry[]) => number;

/** The plan's range when every point runs to the cap; `parallel` estimates a list of entries as the plan does. */
export function adaptiveRange(scenario: Scenario, entries: readonly PlanEntry[], cool: number, parallel: Schedule): Plan['adaptive'] {
  const a = scenario.adaptive;
  if (!a) return undefined;
  const extra: PlanEntry[] = [];
  for (let repetition = a.min; repetition < a.max; repetition++) {
    for (const e of entries) if (e.repetition === 0) extra.push({ ...e, repetition, index: entries.length + extra.length });
  }
  const all = [...entries, ...extra];
  const seq = (xs: readonly PlanEntry[]) => xs.reduce((s, e) => s + e.estimateSec + cool, 0);
  const points = new Set(entries.map((e) => `${e.benchmark}\u0000${JSON.stringify(e.params)}`)).size;
  return {
    targetPct: a.targetPct,
    min: a.min,
    max: a.max,
    warmup: a.warmup,
    points,
    runs: { min: entries.length, max: all.length },
    sequentialSec: { min: seq(entries), max: seq(all) },
    parallelSec: { min: parallel(entries), max: parallel(all) },
  };
}
