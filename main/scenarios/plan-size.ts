// A plan's upper bound: a few hundred bytes of scenario (sizes x tests x repetitions) can ask for millions of runs,
// which no lab finishes and whose planning and storing would hold the core for minutes. Counted before expanding.
import type { Scenario } from '../contract/scenarios.ts';
import { sweepPoints } from './points.ts';

/** The most runs one campaign may plan (the paper's whole study is about a hundred). */
export const MAX_PLAN_RUNS = 100_000;

/** Points x repetitions x platforms, without building the runs. */
export function countPlannedRuns(scenario: Pick<Scenario, 'benchmarks' | 'repetitions' | 'platforms'>): number {
  const points = scenario.benchmarks.reduce((n, sweep) => n + sweepPoints(sweep).length, 0);
  return points * scenario.repetitions * scenario.platforms.length;
}

export function planTooLargeMessage(runs: number): string {
  return `plans ${runs} runs; a campaign may plan at most ${MAX_PLAN_RUNS} (fewer repetitions, points or platforms, or split it)`;
}

export class PlanTooLargeError extends Error {
  constructor(readonly runs: number) {
    super(`scenario ${planTooLargeMessage(runs)}`);
    this.name = 'PlanTooLargeError';
  }
}
