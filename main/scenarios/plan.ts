// A scenario -> its plan: every run (platform, benchmark, point, repetition, endpoints held) in execution order,
// with estimated durations, before anything starts. Pure: the same scenario, platforms and seed give the same plan.
import type { Plan, PlanEntry, PlanRun, PlatformInfo, Scenario } from '../contract/scenarios.ts';
import { providerNamed } from '../platforms/registry.ts';
import { simulateSchedule, type EndpointRef, type ResourceModel } from '../campaigns/resources.ts';
import type { SetupCost } from '../benchmarks/module.ts';
import { estimateRun, setupOf, type PreparationHistory, type RunHistory } from './estimate.ts';
import { describeBackend } from '../backends/catalog.ts';
import { countPlannedRuns, MAX_PLAN_RUNS, PlanTooLargeError } from './plan-size.ts';
import { sweepModule, sweepPoints, type SweepPoint } from './points.ts';
import { newSeed, seededShuffle } from './rng.ts';
import { adaptiveRange, plannedRepetitions, warmupsFirst } from '../campaigns/adaptive/plan-range.ts';

/** A run before ordering: its stored name and typed params kept together in `run` (one variant per stored name). */
type Draft = Omit<PlanEntry, 'index' | 'setupSec' | keyof PlanRun> & { run: PlanRun; bench: number; pointIndex: number };

export interface PlanOptions {
  /** Endpoint -> machine it runs on (a guest's host); endpoints not listed are their own machine. */
  machineOf?: (host: string) => string;
  /** Seed for the randomized order when the scenario has none (tests pass one; otherwise a new one is drawn). */
  seed?: number;
  /** Stored durations of earlier runs: a point that ran before on a platform is estimated from them. */
  history?: RunHistory;
  /** Stored durations of earlier preparations: a platform prepared before is estimated from them. */
  preparationHistory?: PreparationHistory;
}

export function resourceModel(scenario: Scenario, platforms: readonly PlatformInfo[], machineOf: (host: string) => string = (h) => h): ResourceModel {
  const map = new Map<string, EndpointRef[]>();
  for (const p of platforms)
    map.set(
      p.name,
      p.endpoints.map((host) => ({ host, machine: machineOf(host) })),
    );
  return { platforms: map, lockScope: scenario.sharing.lockScope, allowShared: scenario.sharing.allowSharedEndpoints };
}

/** The platform's own preparation (containers, networks, VMs): how long it took before here, else its provider's guess. */
function preparationOf(info: PlatformInfo | undefined, platform: string, history?: PreparationHistory): { platform: string; what: string; sec: number }[] {
  const provider = info?.provider ? providerNamed(info.provider) : undefined;
  const settings = info?.settings ?? {};
  const hosts = info?.endpoints.length ?? 0;
  const e = provider?.estimatePrepare(settings, hosts);
  if (!e || !info?.provider) return [];
  const seen = history?.(platform, info.provider, settings, hosts);
  if (seen !== undefined && Number.isFinite(seen) && seen >= 0) return [{ platform, what: `prepare: ${e.what} (as long as it took before)`, sec: seen }];
  return [{ platform, what: `prepare: ${e.what}`, sec: e.sec }];
}

export function buildPlan(scenario: Scenario, platforms: readonly PlatformInfo[], options: PlanOptions = {}): Plan {
  const total = countPlannedRuns(scenario);
  if (total > MAX_PLAN_RUNS) throw new PlanTooLargeError(total);
  const drafts: Draft[] = [];
  const pointsOf = new Map<string, SweepPoint[]>();
  const setupOfPoint = new Map<string, readonly SetupCost[]>();
  const forPlatform = setupFilter(platforms);
  scenario.benchmarks.forEach((sweep, bench) => {
    sweepPoints(sweep).forEach((point, pointIndex) => {
      for (const platform of scenario.platforms) {
        const est = estimateRun(point, platform, options.history);
        pointsOf.set(platform, [...(pointsOf.get(platform) ?? []), point]);
        setupOfPoint.set(`${platform}|${bench}|${pointIndex}`, est.from === 'history' ? [] : forPlatform(platform, point.module.estimate(point.params).setup));
        for (const repetition of plannedRepetitions(scenario)) {
          drafts.push({
            platform,
            run: point.run,
            point: point.label,
            repetition,
            nodeCount: point.nodeCount,
            endpointsNeeded: point.endpointsNeeded,
            estimateSec: est.sec,
            estimateFrom: est.from,
            bench,
            pointIndex,
          });
        }
      }
    });
  });
  const preparations = scenario.platforms.flatMap((platform) =>
    preparationOf(
      platforms.find((p) => p.name === platform),
      platform,
      options.preparationHistory,
    ),
  );
  const setup = scenario.platforms.flatMap((platform) => [
    // The platform's own preparation (containers, networks, VMs) before its first run.
    ...preparations.filter((p) => p.platform === platform),
    ...forPlatform(
      platform,
      setupOf(pointsOf.get(platform) ?? [], (p) => options.history?.(platform, p.runName, p.params) !== undefined),
    ).map((c) => ({
      platform,
      what: c.what,
      sec: c.sec,
    })),
  ]);

  const platformRank = new Map(scenario.platforms.map((p, i) => [p, i]));
  let seed: number | null = null;
  let ordered: Draft[];
  if (scenario.order === 'grouped') {
    // Platform by platform; inside one, the benchmarks' points in order with their repetitions together.
    ordered = drafts
      .slice()
      .sort(
        (a, b) =>
          platformRank.get(a.platform)! - platformRank.get(b.platform)! || a.bench - b.bench || a.pointIndex - b.pointIndex || a.repetition - b.repetition,
      );
  } else if (scenario.order === 'interleaved') {
    // Repetition by repetition, each point run on every platform back to back.
    ordered = drafts
      .slice()
      .sort(
        (a, b) =>
          a.repetition - b.repetition || a.bench - b.bench || a.pointIndex - b.pointIndex || platformRank.get(a.platform)! - platformRank.get(b.platform)!,
      );
  } else {
    seed = scenario.seed ?? options.seed ?? newSeed();
    ordered = seededShuffle(drafts, seed);
  }

  // Each one-off setup step is charged to the first run (in order) of its platform that needs it; the platform's
  // preparation to its first run, which waits for it (so the stored estimates and the remaining time include it).
  const charged = new Set<string>();
  const entries: PlanEntry[] = warmupsFirst(ordered).map(({ bench, pointIndex, run, ...e }, index) => {
    let setupSec = 0;
    if (!charged.has(`${e.platform}|prepare`)) {
      charged.add(`${e.platform}|prepare`);
      for (const p of preparations) if (p.platform === e.platform) setupSec += p.sec;
    }
    for (const c of setupOfPoint.get(`${e.platform}|${bench}|${pointIndex}`) ?? []) {
      if (charged.has(`${e.platform}|${c.key}`)) continue;
      charged.add(`${e.platform}|${c.key}`);
      setupSec += c.sec;
    }
    return { index, ...e, ...run, setupSec };
  });
  const cool = scenario.coolDownSec;
  const allSetupSec = setup.reduce((t, c) => t + c.sec, 0);
  const sequentialSec = entries.reduce((s, e) => s + e.estimateSec + cool, 0) + allSetupSec;
  const model = resourceModel(scenario, platforms, options.machineOf);
  const schedule = (list: readonly PlanEntry[]) =>
    simulateSchedule(
      list.map((e) => ({ platform: e.platform, endpointsNeeded: e.endpointsNeeded, durationSec: e.estimateSec + cool })),
      model,
      scenario.maxParallel,
    );
  // Setup happens in the run it is charged to, so it lengthens that run in the schedule (one at a time, every
  // platform's setup adds up; side by side, it overlaps as the runs do).
  const parallelSec = simulateSchedule(
    entries.map((e) => ({ platform: e.platform, endpointsNeeded: e.endpointsNeeded, durationSec: e.estimateSec + e.setupSec + cool })),
    model,
    scenario.maxParallel,
  );
  const adaptive = adaptiveRange(scenario, entries, cool, schedule);
  const batch = batchDemands(platforms, entries);
  // What a sweep asks for that its module cannot run (NPB BT/SP on a count that is not a square): planned without it.
  const leftOut = scenario.benchmarks.flatMap((sweep) => sweepModule(sweep).leftOut?.(sweep.params) ?? []);
  return {
    scenario: scenario.name,
    order: scenario.order,
    seed,
    entries,
    sequentialSec,
    parallelSec,
    setup,
    ...(batch.length ? { batch } : {}),
    ...(leftOut.length ? { leftOut } : {}),
    ...(adaptive ? { adaptive } : {}),
  };
}

/** A platform's setup steps: without the SSH rank-launch ones (MPI keys) when its backend starts the ranks itself. */
function setupFilter(platforms: readonly PlatformInfo[]): (platform: string, costs: readonly SetupCost[]) => SetupCost[] {
  const own = new Set(platforms.filter((p) => p.backend && describeBackend(p.backend)?.launchesRanks).map((p) => p.name));
  return (platform, costs) => (own.has(platform) ? costs.filter((c) => !c.sshRankLaunch) : [...costs]);
}

/** Per platform whose backend is a batch system: what its runs will ask of it (jobs, nodes, time, node-hours). */
function batchDemands(platforms: readonly PlatformInfo[], entries: readonly PlanEntry[]): { platform: string; text: string }[] {
  return platforms.flatMap((p) => {
    const d = p.backend ? describeBackend(p.backend)?.demand : undefined;
    const runs = entries.filter((e) => e.platform === p.name).map((e) => ({ nodes: e.endpointsNeeded }));
    return d && runs.length ? [{ platform: p.name, text: d(p.backendSettings ?? {}, runs) }] : [];
  });
}

export function formatDuration(sec: number): string {
  if (sec < 90) return `${Math.round(sec)} s`;
  if (sec < 5400) return `${Math.round(sec / 60)} min`;
  return `${(sec / 3600).toFixed(1)} h`;
}
