// Campaigns (one execution of one scenario version), their runs, and the results exchange (bundles, CSV, JSON).
import { z } from 'zod';
import { procedure } from './procedure.ts';
import { PlatformName, ScenarioName } from './scenarios.ts';

export const RunStateId = z.enum(['planned', 'installing', 'running', 'parsing', 'done', 'failed', 'interrupted', 'cancelled']);
export type RunStateId = z.infer<typeof RunStateId>;
export const CampaignStateId = z.enum(['planned', 'running', 'done', 'failed', 'interrupted', 'cancelled']);

const Counts = z.object(Object.fromEntries(RunStateId.options.map((s) => [s, z.number().int()])) as Record<RunStateId, z.ZodNumber>);

/** Plan estimates of a campaign's entries (latest attempts), in seconds; run time only, setup charged to the run doing it. */
export const CampaignEstimate = z.object({
  /** Every entry: what the plan said the runs take one after the other. */
  totalSec: z.number().nonnegative(),
  /** Entries ended (done, failed, cancelled). */
  finishedSec: z.number().nonnegative(),
  /** Entries not taken up yet. */
  pendingSec: z.number().nonnegative(),
  /** Entries under way: their estimate and when the executor took them up (ms since epoch). */
  running: z.array(z.object({ estimateSec: z.number().nonnegative(), startedAt: z.number() })),
  /** The plan's wall time over its one-after-the-other time (below 1 when runs go in parallel). */
  planPace: z.number().positive(),
  /** Runs done so far: the median of their time over their estimate (null before one is done). */
  runPace: z.number().positive().nullable(),
  /** Seconds the entries that ended spent from being taken up to their end, together. */
  busySec: z.number().nonnegative(),
});
export type CampaignEstimate = z.infer<typeof CampaignEstimate>;

export const CampaignSummary = z.object({
  id: z.number().int(),
  uuid: z.string(),
  name: z.string(),
  scenario: ScenarioName,
  scenarioVersion: z.number().int(),
  state: CampaignStateId,
  paused: z.boolean(),
  /** Why it paused itself (an input gone, a benchmark no endpoint can install), while paused; null when the user paused it. */
  pauseReason: z.string().nullable(),
  /** Process executing it now, if one is alive. */
  executorPid: z.number().int().nullable(),
  seed: z.number().int().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** Plan entries (a retried entry counts once). */
  planned: z.number().int(),
  /** Plan entries whose latest attempt is done / failed or cancelled. */
  done: z.number().int(),
  failed: z.number().int(),
  /** Run rows (attempts) by state. */
  attempts: Counts,
  /** The plan's estimate, split so a client can say live how much is left (absent for campaigns stored without one). */
  estimate: CampaignEstimate.optional(),
});
export type CampaignSummary = z.infer<typeof CampaignSummary>;

export const RunInfo = z.object({
  id: z.number().int(),
  uuid: z.string(),
  planIndex: z.number().int(),
  attempt: z.number().int(),
  platform: PlatformName,
  benchmark: z.string(),
  params: z.record(z.string(), z.unknown()),
  repetition: z.number().int(),
  nodeCount: z.number().int(),
  state: RunStateId,
  endpoints: z.array(z.string()),
  remoteRunId: z.string().nullable(),
  /** The execution backend's job id (a Slurm job id) and the nodes the job got (SLURM_JOB_NODELIST), when known. */
  jobId: z.string().nullable().optional(),
  nodeList: z.string().nullable().optional(),
  error: z.string().nullable(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
});
export type RunInfo = z.infer<typeof RunInfo>;

/** One point of a campaign with adaptive repetitions: how many it took and why it stopped (main/campaigns/adaptive/). */
export const AdaptivePoint = z.object({
  benchmark: z.string(),
  params: z.record(z.string(), z.unknown()),
  nodeCount: z.number().int(),
  label: z.string(),
  /** Measured repetitions (rounds over every platform) planned so far; warm-ups apart. */
  repetitions: z.number().int(),
  warmups: z.number().int(),
  /** running: more may come; target: the interval is within the target; difference: every platform differs from the
   * baseline (stopOnDifference), some not yet within the target; cap: the maximum was reached first;
   * failed: a run failed after its retries; ended: the campaign ended (cancelled) before the point decided. */
  state: z.enum(['running', 'target', 'difference', 'cap', 'failed', 'ended']),
  /** Widest relative half-width (%) of the point's ratio intervals; null when not bounded yet. */
  widthPct: z.number().nullable(),
  /** Why the interval is not bounded although every side has values: the sides whose values are all equal (zero
   * variance, below the benchmark's resolution), e.g. a point that reached the cap that way. */
  unknown: z.string().optional(),
  targetPct: z.number(),
  /** Wall time of the point's runs, warm-ups included, seconds. */
  seconds: z.number(),
  /** Values flagged by the median-absolute-deviation rule; kept in the data and the statistics. */
  outliers: z.array(z.object({ runId: z.number().int(), platform: z.string(), metric: z.string(), value: z.number() })),
});
export type AdaptivePoint = z.infer<typeof AdaptivePoint>;

/** Why a point stopped repeating, in the words the CLI, the Runs page and the report use. */
export const ADAPTIVE_STOP_WORDS: Record<AdaptivePoint['state'], string> = {
  running: 'still repeating',
  target: 'target reached',
  difference: 'difference shown',
  cap: 'cap reached',
  failed: 'a run failed',
  ended: 'campaign ended first',
};

/** Why a point stopped, with why its interval is not known when that is so ("cap reached; no interval: ..."). */
export const adaptiveStopText = (p: Pick<AdaptivePoint, 'state' | 'unknown'>): string =>
  p.unknown && p.state !== 'target' ? `${ADAPTIVE_STOP_WORDS[p.state]}; ${p.unknown}` : ADAPTIVE_STOP_WORDS[p.state];

export const ComparisonRow = z.object({
  benchmark: z.string(),
  metric: z.string(),
  point: z.string(),
  nodeCount: z.number().int(),
  platform: z.string(),
  unit: z.string(),
  better: z.enum(['lower', 'higher']),
  n: z.number().int(),
  /** 95% Student-t confidence interval of the mean; null with fewer than 2 values. */
  ci: z.object({ low: z.number(), high: z.number() }).nullable(),
  /** Coefficient of variation above the noise threshold. */
  noisy: z.boolean(),
  mean: z.number(),
  sd: z.number().nullable(),
  /** Relative to the baseline's mean: guest/native for lower-is-better, percent of native for higher-is-better. */
  relative: z.number().nullable(),
  relativeKind: z.enum(['ratio', 'percent']),
  /** Fieller confidence interval of the relative value (same unit); null when not estimable. */
  relativeCi: z.object({ low: z.number(), high: z.number() }).nullable(),
  /** Welch test against the baseline at 5%; null for the baseline itself or when not testable. */
  significant: z.boolean().nullable(),
});
export type ComparisonRow = z.infer<typeof ComparisonRow>;

export const BundleSummary = z.object({
  campaigns: z.number().int(),
  runs: z.number().int(),
  metrics: z.number().int(),
  rawLogs: z.number().int(),
});

export const ImportSummary = z.object({
  /** Campaigns added, and campaigns already present (same UUID) left as they were. */
  added: z.array(z.string()),
  alreadyPresent: z.array(z.string()),
  runs: z.number().int(),
  metrics: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

const ById = z.object({ id: z.number().int() }).strict();

export const campaignsProcedures = {
  'campaigns.list': procedure(z.object({}).strict(), z.array(CampaignSummary), 'Campaigns, newest first, with progress.'),
  'campaigns.status': procedure(
    ById,
    z.object({ campaign: CampaignSummary, runs: z.array(RunInfo), adaptive: z.array(AdaptivePoint).optional() }),
    "One campaign and every run attempt; with adaptive repetitions, each point's count and why it stopped.",
  ),
  'campaigns.start': procedure(
    z
      .object({
        scenario: ScenarioName,
        version: z.number().int().optional(),
        name: z.string().max(200).optional(),
        /** NPB tarball path or http(s) URL (default: the core's VIRTLAB_NPB_SOURCE); kept with the campaign. */
        npbSource: z.string().min(1).max(4096).optional(),
        /** Keep a copy of the NPB tarball in the data folder, so the campaign does not depend on the original. */
        selfContained: z.boolean().optional(),
        /** Seed of a randomized run order; the scenario's own (or a fresh one) otherwise. */
        seed: z.number().int().min(0).max(0xffffffff).optional(),
      })
      .strict(),
    CampaignSummary,
    'Plan a saved scenario into a new campaign and execute it in the core.',
  ),
  'campaigns.pause': procedure(ById, CampaignSummary, 'Start no new run; runs under way finish.'),
  'campaigns.resume': procedure(
    ById,
    CampaignSummary,
    'Continue a paused or interrupted campaign with the inputs it was started with (reattaching runs that are still alive); refused, with the reason, when one of them has gone.',
  ),
  'campaigns.cancel': procedure(ById, CampaignSummary, 'Stop the runs under way and drop the rest of the plan.'),
  'results.compare': procedure(
    z.object({ campaignId: z.number().int(), benchmark: z.string().optional(), metric: z.string().optional() }).strict(),
    z.object({ baseline: z.string(), rows: z.array(ComparisonRow) }),
    'Mean per platform and point, relative to the baseline.',
  ),
  'results.export': procedure(
    z.object({ path: z.string().min(1), campaignUuids: z.array(z.string()).optional(), format: z.enum(['bundle', 'csv', 'json']).default('bundle') }).strict(),
    BundleSummary.extend({ path: z.string() }),
    'Write campaigns (all when none named) as a VirtLab bundle, or their metrics as CSV or JSON.',
    { dialog: 'save', field: 'path', title: 'Export results' },
  ),
  'results.import': procedure(
    z.object({ path: z.string().min(1) }).strict(),
    ImportSummary,
    'Merge a bundle into this database (nothing is changed if it is refused).',
    { dialog: 'open', field: 'path', title: 'Import a results bundle' },
  ),
};

export const campaignsEvents = {
  'campaigns.state': z.object({ campaignId: z.number().int(), state: CampaignStateId, paused: z.boolean(), message: z.string().optional() }),
  'campaigns.runState': z.object({
    campaignId: z.number().int(),
    runId: z.number().int(),
    planIndex: z.number().int(),
    attempt: z.number().int(),
    platform: z.string(),
    benchmark: z.string(),
    from: RunStateId.nullable(),
    to: RunStateId,
    detail: z.string().optional(),
  }),
  'campaigns.progress': z.object({
    campaignId: z.number().int(),
    runId: z.number().int().nullable(),
    /** Of this run (from elapsed vs estimated time), or null when the event is about the whole campaign. */
    percent: z.number().min(0).max(100).nullable(),
    finished: z.number().int(),
    planned: z.number().int(),
  }),
  'campaigns.log': z.object({ campaignId: z.number().int(), runId: z.number().int(), stream: z.enum(['stdout', 'stderr', 'executor']), line: z.string() }),
};

export type CampaignEvents = typeof campaignsEvents;
export type CampaignEventName = keyof CampaignEvents;
export type CampaignEventPayload<N extends CampaignEventName> = z.infer<CampaignEvents[N]>;
