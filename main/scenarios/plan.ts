// A scenario -> its plan: every run (platform, benchmark, point, repetition, endpoints held) in execution order,
// with estimated durations, before anything starts. Pure: the same scenario, platforms and seed give the same plan.
import type { Plan, PlanEntry, PlatformInfo, Scenario } from '../contract/scenarios.ts';
import { simulateSchedule, type EndpointRef, type ResourceModel } from '../campaigns/resources.ts';
import { estimatePointSec } from './estimate.ts';
import { countPlannedRuns, MAX_PLAN_RUNS, PlanTooLargeError } from './plan-size.ts';
import { runBenchmarkName, sweepPoints } from './points.ts';
import { newSeed, seededShuffle } from './rng.ts';
import { adaptiveRange, plannedRepetitions, warmupsFirst } from '../campaigns/adaptive/plan-range.ts';

type Draft = Omit<PlanEntry, 'index'> & { bench: number; pointIndex: number };

export interface PlanOptions {
  /** Endpoint -> machine it runs on (a guest's host); endpoints not listed are their own machine. */
  machineOf?: (host: string) => string;
  /** Seed for the randomized order when the scenario has none (tests pass one; otherwise a new one is drawn). */
  seed?: number;
}

export function resourceModel(scenario: Scenario, platforms: readonly PlatformInfo[], machineOf: (host: string) => string = (h) => h): ResourceModel {
  const map = new Map<string, EndpointRef[]>();
  for (const p of platforms) map.set(p.name, p.endpoints.map((host) => ({ host, machine: machineOf(host) })));
  return { platforms: map, lockScope: scenario.sharing.lockScope, allowShared: scenario.sharing.allowSharedEndpoints };
}

export function buildPlan(scenario: Scenario, platforms: readonly PlatformInfo[], options: PlanOptions = {}): Plan {
  const total = countPlannedRuns(scenario);
  if (total > MAX_PLAN_RUNS) throw new PlanTooLargeError(total);
  const drafts: Draft[] = [];
  scenario.benchmarks.forEach((sweep, bench) => {
    sweepPoints(sweep).forEach((point, pointIndex) => {
      const estimateSec = estimatePointSec(sweep.benchmark, point);
      for (const repetition of plannedRepetitions(scenario)) {
        for (const platform of scenario.platforms) {
          drafts.push({
            platform, benchmark: runBenchmarkName(sweep.benchmark, point.params), params: point.params, point: point.label, repetition,
            nodeCount: point.nodeCount, endpointsNeeded: point.endpointsNeeded, estimateSec, bench, pointIndex,
          });
        }
      }
    });
  });

  const platformRank = new Map(scenario.platforms.map((p, i) => [p, i]));
  let seed: number | null = null;
  let ordered: Draft[];
  if (scenario.order === 'grouped') {
    // Platform by platform; inside one, the benchmarks' points in order with their repetitions together.
    ordered = drafts.slice().sort((a, b) => platformRank.get(a.platform)! - platformRank.get(b.platform)! || a.bench - b.bench
      || a.pointIndex - b.pointIndex || a.repetition - b.repetition);
  } else if (scenario.order === 'interleaved') {
    // Repetition by repetition, each point run on every platform back to back.
    ordered = drafts.slice().sort((a, b) => a.repetition - b.repetition || a.bench - b.bench || a.pointIndex - b.pointIndex
      || platformRank.get(a.platform)! - platformRank.get(b.platform)!);
  } else {
    seed = scenario.seed ?? options.seed ?? newSeed();
    ordered = seededShuffle(drafts, seed);
  }

  const entries: PlanEntry[] = warmupsFirst(ordered).map(({ bench: _b, pointIndex: _p, ...e }, index) => ({ index, ...e }));
  const cool = scenario.coolDownSec;
  const sequentialSec = entries.reduce((s, e) => s + e.estimateSec + cool, 0);
  const model = resourceModel(scenario, platforms, options.machineOf);
  const schedule = (list: readonly PlanEntry[]) => simulateSchedule(list.map((e) => ({ platform: e.platform, endpointsNeeded: e.endpointsNeeded, durationSec: e.estimateSec + cool })),
    model, scenario.maxParallel);
  const parallelSec = schedule(entries);
  const adaptive = adaptiveRange(scenario, entries, cool, schedule);
  return { scenario: scenario.name, order: scenario.order, seed, entries, sequentialSec, parallelSec, ...(adaptive ? { adaptive } : {}) };
}

export function formatDuration(sec: number): string {
  if (sec < 90) return `${Math.round(sec)} s`;
  if (sec < 5400) return `${Math.round(sec / 60)} min`;
  return `${(sec / 3600).toFixed(1)} h`;
}
