// What a benchmark is to the rest of VirtLab: one module per benchmark (main/benchmarks/<name>/module.ts), registered
// in main/benchmarks/registry.ts. The planner, runner, analysis, reports and the wizard ask the module through this
// interface and never branch on a benchmark's name. Pure (zod only): the contract, and so the renderer, reach it.
import type { z } from 'zod';
import type { BenchmarkForm } from './form.ts';
import type { MetricSpec, ParseResult } from './types.ts';

/** One point of a sweep: the parameters of one run (typed by the module), its label and the nodes it spans. */
export interface SweepPoint<P> {
  params: P;
  label: string;
  nodeCount: number;
}

/** A one-off cost before runs can start (a build, an install, an upload), counted once per `key` and platform. */
export interface SetupCost {
  key: string;
  sec: number;
  what: string;
  /** Only when the run driver starts MPI ranks over SSH (keys, hostfile): a backend that launches the ranks itself
   *  inside its job (Slurm's srun) does not do it, and its platforms' plans leave it out. */
  sshRankLaunch?: true;
}

export interface PointEstimate {
  /** The run itself: measurement and its per-run overhead (connect, start, collect). */
  runSec: number;
  /** Work done once per platform and key before the first run that needs it. */
  setup: SetupCost[];
}

/**
 * What a run needs from the execution backend (main/runner/run-driver), which provides it without knowing the
 * benchmark: an installed tool checked on every endpoint, a server started on another endpoint, a scratch folder,
 * an MPI launch over the run's nodes, or a build by a named builder.
 */
export type Requirement =
  | { kind: 'tool'; tool: string; package: string; versionArgv: readonly string[]; parseVersion(text: string): string | undefined }
  | { kind: 'server'; role: number; comm: string; argv(port: number): string[]; watchdogSec: number }
  | { kind: 'scratch' }
  | { kind: 'mpi'; nodes: number; ranks: number; impl?: 'openmpi' | 'mpich' }
  | { kind: 'build'; builder: string; spec: unknown };

/** An installed tool a benchmark runs: its package and how to read its version. */
export type ToolRequirement = Extract<Requirement, { kind: 'tool' }>;

/** An MPI launch prepared by the backend: prefix argv (`mpirun -np N --hostfile ... `) and the hostfile to write. */
export interface MpiPrefix {
  argv: string[];
  env?: Record<string, string>;
  hostfile: [string, string];
  impl: 'openmpi' | 'mpich';
}

/** What a builder produced: the command to run and what it was built with. */
export interface BuiltCommand {
  argv: string[];
  env?: Record<string, string>;
  files?: [string, string][];
  benchmarkVersion?: string;
  compilerVersion?: string;
  notes: string[];
}

/** Everything the backend resolved for a run, handed to the module's job builder. */
export interface JobContext {
  /** Endpoint addresses, role order. */
  addresses: readonly string[];
  /** Absolute folder of the run's detached job on the first endpoint (its working directory). */
  runFolder: string;
  scratch?: string;
  serverPort?: number;
  /** The data port a server role must use when only fixed ports reach it (published ports); absent: any. */
  dataPort?: number;
  mpi?: MpiPrefix;
  built?: BuiltCommand;
}

export interface JobStep {
  /** Where this output belongs (e.g. {messageSize: 64}); written as a marker line before it. */
  point: Record<string, string | number>;
  argv: readonly string[];
  /** Hard limit for this command, seconds. */
  timeoutSec?: number;
  env?: Readonly<Record<string, string>>;
}

export interface JobScript {
  setup?: readonly (readonly string[])[];
  /** Files written before the steps: [absolute or run-folder-relative path, content]. */
  files?: readonly (readonly [string, string])[];
  steps: readonly JobStep[];
  teardown?: readonly (readonly string[])[];
}

export interface ParsedPointMetric {
  name: string;
  point: string;
  value: number;
  unit: string;
  better: 'lower' | 'higher';
}

/**
 * A figure the module contributes: panels of (stored benchmark name, metric). 'absolute' draws values per point,
 * 'relative' values relative to the baseline, 'scaling' one panel pair (value, speedup) per point over node counts.
 */
export interface FigurePanelSpec {
  id: string;
  title: string;
  xLabel: string;
  benchmark: string;
  metric: string;
  kind: 'absolute' | 'relative' | 'scaling';
}
/** `{baseline}` in a title is replaced by the scenario's baseline platform when the figure is drawn. */
export interface FigureSpec {
  id: string;
  title: string;
  caption: string;
  logX: boolean;
  panels: FigurePanelSpec[];
}

/** A row of the Compare overview: a headline metric of one stored benchmark name. */
export interface HeadlineSpec {
  label: string;
  benchmark: string;
  metric: string;
}

export interface BenchmarkModule<S = unknown, P = unknown> {
  /** The name scenarios use (`benchmark: netperf`). */
  id: string;
  title: string;
  summary: string;
  /** The scenario entry: `{ benchmark: <id>, label?, params }`, with defaults; the wizard fills it. */
  sweep: z.ZodType<{ benchmark: string; label?: string | undefined; params: S }>;
  /** The wizard's form for the sweep (main/benchmarks/form.ts); without one the wizard keeps its entries as they are. */
  form?: BenchmarkForm<S>;
  /** The parameters of one run (a plan entry's params), the one schema from the point to the argv. */
  params: z.ZodType<P>;
  /** Every name runs of this module are stored under (one per figure family, e.g. npb-serial, npb-mpi). */
  runNames: readonly string[];
  runName(params: P): string;
  /** Stored params of a run under `runName` as the params schema reads them (older stores left out what the name says). */
  fromRun?(runName: string, params: Record<string, unknown>): Record<string, unknown>;
  points(sweep: S): SweepPoint<P>[];
  /** Sentences naming what the sweep asks for but `points` leaves out as unrunnable (NPB BT on 2 nodes). */
  leftOut?(sweep: S): string[];
  /** Problems of a sweep against the platforms compared (endpoint counts, rank rules), paths relative to `params`. */
  check(sweep: S, platforms: readonly { name: string; endpoints: readonly string[] }[]): { path: string; message: string }[];
  /** Endpoints a run holds (a netperf pair, the MPI node count). */
  endpoints(params: P): number;
  estimate(params: P): PointEstimate;
  requirements(params: P): Requirement[];
  /** The installed tool its runs need, if any (the same one its requirements name): install and version reading. */
  tool?: ToolRequirement;
  job(params: P, ctx: JobContext): JobScript;
  /** One marked section of the job's output -> metrics at their stored x (`point`); throws with the reason. The
   * point is `pointKey(params)` (the run driver refuses any other) unless `pointsFromOutput` says otherwise. */
  parse(text: string, marker: Record<string, string | number>, params: P): { metrics: ParsedPointMetric[]; warnings: string[] };
  /** A saved output of the tool as a person ran it by hand (`virtlab parse`); `options` say what the text cannot
   * (netperf -P 0: the -o selectors, the -t test). Throws ParseError with the reason. */
  parseSaved?(text: string, options: { selectors?: readonly string[]; test?: string }): ParseResult;
  /**
   * THE point rule: every metric of a run is stored at this x within its benchmark (node count is stored apart),
   * whichever driver ran it and whatever the output says, and a run that never measured is drawn there too. It is
   * a function of the params alone (netperf TCP_STREAM at netperf's default send size is '', not the size netperf
   * happened to report), so a point is known before its runs end.
   */
  pointKey(params: P): string;
  /** True when one run measures several x's that are not params (HPCC: one per test of the suite): its metrics are
   * stored at the points its parse names, and pointKey is only where a run that measured nothing is drawn. */
  pointsFromOutput?: boolean;
  /** A stored point in words for the report ("64-byte messages", "EP on 4 nodes"). */
  describePoint(point: string, nodeCount: number, runName: string): string;
  metrics: readonly MetricSpec[];
  figures: readonly FigureSpec[];
  headlines: readonly HeadlineSpec[];
}

/** A module with its types erased, as the registry holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBenchmarkModule = BenchmarkModule<any, any>;

/** A requirement that makes the run start MPI ranks: the backend's 'mpi' capability, or a build of the MPI variant
 * (NPB's own mpirun). */
export const startsRanks = (q: Requirement): boolean =>
  q.kind === 'mpi' || (q.kind === 'build' && (q.spec as { variant?: unknown } | undefined)?.variant === 'mpi');
