// Scenarios: what to compare (platforms against one baseline), which benchmarks over which parameter matrices,
// how often and in which order. Saved versioned; a plan expands one into the explicit list of runs.
import { z } from 'zod';
import { benchmarkModules } from '../benchmarks/registry.ts';
import { PROVIDER_NAMES } from '../platforms/catalog.ts';
import { BACKEND_NAMES } from '../backends/catalog.ts';
import { procedure } from './procedure.ts';

export const TechnologyId = z.enum(['native', 'hw-vm', 'full-virt', 'para-virt', 'os-level']);
export type TechnologyId = z.infer<typeof TechnologyId>;

export const PlatformName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'use letters, digits, ".", "_" and "-" (starting with a letter or digit)');
export const ScenarioName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,127}$/, 'use letters, digits, spaces, ".", "_" and "-"');

const distinct = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((xs) => new Set(xs.map((x) => JSON.stringify(x))).size === xs.length, { message: 'values must not repeat' });

// Each benchmark's scenario entry is its module's own schema (main/benchmarks/<name>/sweep.ts), so the wizard, scenario
// files and the runner share one vocabulary; the registry is pure (zod only), which keeps the contract free of Node.
type SweepsOf<T extends readonly unknown[]> = { -readonly [K in keyof T]: T[K] extends { sweep: infer S } ? S : never };
type SweepSchemas = SweepsOf<typeof benchmarkModules>;
const sweepSchemas = benchmarkModules.map((m) => m.sweep) as unknown as SweepSchemas;
export const BenchmarkSweep = z.discriminatedUnion('benchmark', sweepSchemas);
export type BenchmarkSweep = z.infer<typeof BenchmarkSweep>;

export const RunOrder = z.enum(['grouped', 'interleaved', 'randomized']);
export type RunOrder = z.infer<typeof RunOrder>;

/**
 * Repeat each point until the confidence interval of its ratio to the baseline is within +-targetPct % of the ratio
 * (every platform, every metric), or with `stopOnDifference` until it excludes 1, at least `min` and at most `max`
 * times, after `warmup` runs whose metrics are discarded (raw output kept). Replaces `repetitions`.
 */
export const AdaptiveRepetitions = z
  .object({
    targetPct: z.number().positive().max(100),
    min: z.number().int().min(2, 'at least 2 repetitions: a confidence interval needs 2 values').max(1000).default(3),
    max: z.number().int().min(2).max(1000).default(20),
    warmup: z.number().int().min(0).max(100).default(1),
    /** Confidence level of the interval (0.95 = 95%). */
    confidence: z.number().min(0.5).max(0.999).default(0.95),
    /**
     * Also stop a point once its verdict is settled: every platform's ratio interval excludes 1 (the platform differs
     * from the baseline), at a group-sequential boundary over the rounds that may look (min..max: Lan-DeMets spending of
     * Pocock's type, main/analysis/group-sequential.ts), so stopping early does not make a difference that is not there
     * look significant more often than 1 - confidence.
     * Such a point's size may be known less precisely than +-targetPct. Off: every point runs to the target or the cap.
     */
    stopOnDifference: z.boolean().optional(),
  })
  .strict()
  .refine((a) => a.min <= a.max, { message: 'min must not exceed max', path: ['max'] });
export type AdaptiveRepetitions = z.infer<typeof AdaptiveRepetitions>;
export const Scenario = z
  .object({
    name: ScenarioName,
    description: z.string().max(4000).optional(),
    /** Platforms to compare, by name (as defined in the lab model). */
    platforms: distinct(PlatformName).min(1),
    /** The platform every other is shown relative to. */
    baseline: PlatformName.default('native'),
    benchmarks: z.array(BenchmarkSweep).min(1),
    repetitions: z.number().int().min(1).max(1000).default(3),
    /** Instead of a fixed count (main/campaigns/adaptive/). */
    adaptive: AdaptiveRepetitions.optional(),
    /**
     * grouped: platform by platform; interleaved: platforms alternate for each point and repetition;
     * randomized: shuffled with `seed` (chosen and recorded when absent), so drift does not favour one platform.
     */
    order: RunOrder.default('interleaved'),
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    /** Pause after each run on the endpoints it used, seconds. */
    coolDownSec: z.number().min(0).max(86_400).default(0),
    /** A run still going after this is stopped and failed. */
    runTimeoutSec: z
      .number()
      .positive()
      .max(7 * 86_400)
      .default(3600),
    failure: z
      .object({
        /** New attempts of a failed run (not counting the first). */
        retries: z.number().int().min(0).max(10).default(1),
        /** Stop scheduling on an endpoint that failed to answer; its runs fail with the reason, the rest go on. */
        skipDeadEndpoint: z.boolean().default(true),
      })
      .strict()
      .default({ retries: 1, skipDeadEndpoint: true }),
    sharing: z
      .object({
        /** Let two runs use one endpoint at once (off: results of concurrent runs would disturb each other). */
        allowSharedEndpoints: z.boolean().default(false),
        /** What a run holds: the endpoint, or the whole machine (a guest also holds its host, a host its guests). */
        lockScope: z.enum(['endpoint', 'machine']).default('machine'),
      })
      .strict()
      .default({ allowSharedEndpoints: false, lockScope: 'machine' }),
    /** Runs at once at most (independent endpoints only). */
    maxParallel: z.number().int().min(1).max(256).default(4),
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

export const ValidationIssue = z.object({ path: z.string(), message: z.string() });
export type ValidationIssue = z.infer<typeof ValidationIssue>;

export const ValidationResult = z.object({
  ok: z.boolean(),
  issues: z.array(ValidationIssue),
  scenario: Scenario.optional(),
});
export type ValidationResult = z.infer<typeof ValidationResult>;

const PlanEntryBase = z.object({
  index: z.number().int().min(0),
  platform: PlatformName,
  /** Short human label of the point, e.g. "TCP_RR 64 B". */
  point: z.string(),
  /** 0, 1, ...; negative: a warm-up run (adaptive repetitions), whose metrics are discarded. */
  repetition: z.number().int(),
  nodeCount: z.number().int().min(1),
  /** Endpoints held for the run: 2 for a netperf pair, N for MPI on N nodes. */
  endpointsNeeded: z.number().int().min(1),
  /** The run itself: from this point's history on the platform when it ran before, else the module's estimate. */
  estimateSec: z.number().nonnegative(),
  /** Where estimateSec comes from. */
  estimateFrom: z.enum(['module', 'history']).default('module'),
  /** One-off work done in this run because it is the first of its platform to need it (builds, uploads, keys). */
  setupSec: z.number().nonnegative().default(0),
});

// A run of a plan: the name it is stored under (one of its module's runNames: NPB once per variant, as the figures
// read it) and one point of the module's matrix in that module's own params schema, e.g. { benchmark: 'netperf',
// params: { test: 'TCP_RR', messageSize: 64, durationSec: 10 } }. One option per stored name, built from the registry.
type ModuleList = typeof benchmarkModules;
type RunOf<M> = M extends { runNames: readonly (infer N)[]; params: z.ZodType<infer P> } ? (N extends string ? { benchmark: N; params: P } : never) : never;
/** The stored name and the typed parameters of one planned run, one variant per name a module stores runs under. */
export type PlanRun = RunOf<ModuleList[number]>;
const runOptions = benchmarkModules.flatMap((m) =>
  m.runNames.map((name) => PlanEntryBase.extend({ benchmark: z.literal(name), params: m.params as z.ZodType })),
);
export const PlanEntry = z.discriminatedUnion(
  'benchmark',
  runOptions as unknown as [(typeof runOptions)[number], ...typeof runOptions],
) as unknown as z.ZodType<z.output<typeof PlanEntryBase> & PlanRun, z.input<typeof PlanEntryBase> & PlanRun>;
export type PlanEntry = z.infer<typeof PlanEntry>;

export const Plan = z.object({
  scenario: ScenarioName,
  order: RunOrder,
  seed: z.number().int().nullable(),
  entries: z.array(PlanEntry),
  /** Every run one after the other, cool-downs and setup included. */
  sequentialSec: z.number().nonnegative(),
  /** One-off work before runs (builds, installs, uploads), per platform: already in both totals. */
  setup: z.array(z.object({ platform: PlatformName, what: z.string(), sec: z.number().nonnegative() })).default([]),
  /** With independent runs in parallel as the endpoints allow (a lower, rougher bound). */
  parallelSec: z.number().nonnegative(),
  /** Platforms whose runs go to a batch system: what they will ask of it (jobs, node counts, time, node-hours). */
  batch: z.array(z.object({ platform: PlatformName, text: z.string() })).optional(),
  /** What a sweep asks for that its benchmark cannot run (NPB BT/SP on a count that is not a square), each a sentence. */
  leftOut: z.array(z.string()).optional(),
  /** Adaptive repetitions: the entries above are warm-ups and the minimum; up to the maximum may run. */
  adaptive: z
    .object({
      targetPct: z.number(),
      min: z.number().int(),
      max: z.number().int(),
      warmup: z.number().int(),
      points: z.number().int(),
      runs: z.object({ min: z.number().int(), max: z.number().int() }),
      sequentialSec: z.object({ min: z.number(), max: z.number() }),
      parallelSec: z.object({ min: z.number(), max: z.number() }),
    })
    .optional(),
});
export type Plan = z.infer<typeof Plan>;

export const PlatformInfo = z.object({
  name: PlatformName,
  technology: TechnologyId,
  product: z.string(),
  version: z.string().nullable(),
  isBaseline: z.boolean(),
  /** Host names of its endpoints, rank order. */
  endpoints: z.array(z.string()),
  /** The platform provider that makes and reaches its guests (main/platforms/catalog.ts); native or ssh-guest when absent. */
  provider: z.enum(PROVIDER_NAMES).optional(),
  /** The provider's settings (image, network mode, limits, ...), as stored. */
  settings: z.record(z.string(), z.unknown()).optional(),
  /** The execution backend its runs go through (main/backends/catalog.ts); ssh when absent. */
  backend: z.enum(BACKEND_NAMES).optional(),
  /** The backend's settings (Slurm: login endpoint, partition, time limit...), as stored. */
  backendSettings: z.record(z.string(), z.unknown()).optional(),
});
export type PlatformInfo = z.infer<typeof PlatformInfo>;

export const PlatformDefinition = z
  .object({
    name: PlatformName,
    technology: TechnologyId,
    product: z.string().min(1).max(120),
    version: z.string().max(120).optional(),
    isBaseline: z.boolean().default(false),
    endpoints: distinct(z.string().min(1)).min(1),
    /** Who makes and reaches the guests; default: native for native, ssh-guest (existing guests) otherwise. */
    provider: z.enum(PROVIDER_NAMES).optional(),
    /** Read by the provider's own schema when the platform is defined (every problem with its path). */
    settings: z.record(z.string(), z.unknown()).optional(),
    /** How its runs are executed; default ssh (a detached job on the run's first endpoint). */
    backend: z.enum(BACKEND_NAMES).optional(),
    /** Read by the backend's own schema when the platform is defined (every problem with its path). */
    backendSettings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type PlatformDefinition = z.infer<typeof PlatformDefinition>;

export const StoredScenario = z.object({ id: z.number().int(), name: ScenarioName, version: z.number().int(), createdAt: z.number(), scenario: Scenario });

/** A scenario as an object, before validation (the wizard's draft, a file the CLI has read): scenarios.validate names
 * every problem with its path. Text (YAML or JSON) exists only at the file boundary: the CLI's files, export. */
export const ScenarioObject = z.record(z.string(), z.unknown());
export type ScenarioObject = z.infer<typeof ScenarioObject>;

const ScenarioSource = z.object({ scenario: ScenarioObject }).strict();

export const scenariosProcedures = {
  'scenarios.validate': procedure(ScenarioSource, ValidationResult, 'Check a scenario object: every problem at once, with its path.'),
  'scenarios.plan': procedure(
    ScenarioSource.extend({ seed: z.number().int().min(0).max(0xffffffff).optional() }).strict(),
    Plan,
    'Expand a scenario into the explicit list of runs with an estimated duration.',
  ),
  'scenarios.save': procedure(ScenarioSource, StoredScenario, 'Save a scenario; a changed one becomes a new version.'),
  'scenarios.list': procedure(z.object({}).strict(), z.array(StoredScenario), 'Latest version of every scenario.'),
  'scenarios.export': procedure(
    z.object({ name: ScenarioName, version: z.number().int().optional(), format: z.enum(['yaml', 'json']).default('yaml') }).strict(),
    z.object({ text: z.string() }),
    'A saved scenario as YAML or JSON text.',
  ),
  'platforms.list': procedure(z.object({}).strict(), z.array(PlatformInfo), 'Platforms with their endpoints.'),
  'platforms.define': procedure(PlatformDefinition, PlatformInfo, 'Create a platform: a named set of endpoints of one technology.'),
};
