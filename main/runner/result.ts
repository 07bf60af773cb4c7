// What every benchmark run hands back: raw output (always), parsed metrics (when the output could be read),
// warnings, the exact commands, versions, facts snapshot ids and timings.
import type { BenchmarkId, Metric } from '../benchmarks/types.ts';

/** One remote command of a run, with its raw output kept whatever happened to the parse. */
export interface CommandRecord {
  label: string;
  endpoint: string;
  argv: string[];
  /** Extra environment the command ran with (OMP_NUM_THREADS...). */
  env?: Record<string, string>;
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  startedAt: number;
  durationMs: number;
  timedOut?: boolean;
  /** Sweep coordinates this command measured, if any. */
  point?: Record<string, string | number>;
  /** Set when this command's output could not be parsed. */
  parseError?: string;
}

export type RunStatus = 'ok' | 'unparsed' | 'failed';

export interface BenchRunResult {
  benchmark: BenchmarkId;
  /** Endpoint names in rank order (client first for netperf: client, peer). */
  endpoints: string[];
  params: Record<string, unknown>;
  /** ok: every command ran and parsed; unparsed: ran, some output could not be read; failed: a step failed. */
  status: RunStatus;
  error?: string;
  commands: CommandRecord[];
  metrics: Metric[];
  warnings: string[];
  /** NPB self-verification (every kernel run must say SUCCESSFUL). */
  verified?: boolean;
  info: Record<string, string | number>;
  versions: Record<string, string>;
  /** Endpoint name -> facts snapshot id used for this run. */
  factsSnapshotIds: Record<string, number>;
  timings: { startedAt: number; endedAt: number; durationMs: number; steps: { label: string; ms: number }[] };
}

/** Collects the pieces of a result as a run goes. */
export class ResultBuilder {
  readonly startedAt = Date.now();
  readonly commands: CommandRecord[] = [];
  readonly metrics: Metric[] = [];
  readonly warnings: string[] = [];
  readonly info: Record<string, string | number> = {};
  readonly versions: Record<string, string> = {};
  readonly steps: { label: string; ms: number }[] = [];
  verified: boolean | undefined;
  error: string | undefined;

  constructor(
    readonly benchmark: BenchmarkId,
    readonly endpoints: { name: string; factsSnapshotId?: number }[],
    readonly params: Record<string, unknown>,
  ) {}

  async step<T>(label: string, fn: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      this.steps.push({ label, ms: Date.now() - t0 });
    }
  }

  finish(): BenchRunResult {
    const endedAt = Date.now();
    const unparsed = this.commands.some((c) => c.parseError !== undefined);
    const status = this.error !== undefined ? 'failed' : unparsed ? 'unparsed' : 'ok';
    const facts: Record<string, number> = {};
    for (const e of this.endpoints) if (e.factsSnapshotId !== undefined) facts[e.name] = e.factsSnapshotId;
    return {
      benchmark: this.benchmark,
      endpoints: this.endpoints.map((e) => e.name),
      params: this.params,
      status,
      ...(this.error !== undefined ? { error: this.error } : {}),
      commands: this.commands,
      metrics: this.metrics,
      warnings: this.warnings,
      ...(this.verified !== undefined ? { verified: this.verified } : {}),
      info: this.info,
      versions: this.versions,
      factsSnapshotIds: facts,
      timings: { startedAt: this.startedAt, endedAt, durationMs: endedAt - this.startedAt, steps: this.steps },
    };
  }
}

export type Progress = (message: string) => void;
