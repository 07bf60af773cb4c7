// What executes one run. The executor owns the state machine and the bookkeeping; a driver only talks to endpoints.
// The benchmark runner plugs in here; tests use a driver that runs a real command over SSH on the lab.
import type { StoredHost } from '../store/repos/hosts.ts';
import type { Repos } from '../store/repos/index.ts';
import type { SecretReader } from '../ssh/ports.ts';

export interface DriverRun {
  id: number;
  uuid: string;
  campaignId: number;
  planIndex: number;
  attempt: number;
  platform: string;
  benchmark: string;
  params: Record<string, unknown>;
  repetition: number;
  nodeCount: number;
}

export interface RunTarget {
  run: DriverRun;
  /** The endpoints the run holds, rank order (a netperf pair: client first, server second). */
  endpoints: readonly StoredHost[];
  /** Id of the detached remote job, chosen by the executor and committed before start: reattach finds it by this. */
  remoteRunId: string;
  /** The backend's job id recorded with the run at its start (a Slurm job id), if any: a resume asks for that job. */
  jobId?: string;
  /** Sends a line to the UI (never secrets). */
  log(stream: 'stdout' | 'stderr' | 'executor', line: string): void;
}

/** What a run is, for the record: the exact command, tool and compiler versions, and the facts of its endpoint. */
export interface Provenance {
  command?: string[];
  benchmarkVersion?: string;
  compilerVersion?: string;
  /** A facts probe of the endpoint the job runs on (main/facts), taken for this run or earlier by this executor. */
  facts?: { endpoint: string; facts: unknown };
  /** Facts of the run's other endpoints (netperf's peer, the nodes of an MPI run), so no node it used reads "not probed". */
  peerFacts?: { endpoint: string; facts: unknown }[];
  /** The backend's id of the job it started (Slurm job id, or the detached job's pid), stored with the run. */
  jobId?: string;
}

/** lost: the job existed and ended without a status; missing: the endpoint has no job by that id (never launched). */
export type RemoteStatus = 'running' | 'exited' | 'lost' | 'missing';

export interface Collected {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  /** The nodes the job got, as the backend names them (SLURM_JOB_NODELIST), stored with the run. */
  nodeList?: string;
  /** The backend's job id, when it learnt it only now (a job adopted by the run's name after a restart). */
  jobId?: string;
  /** The job was ended by the batch system, not by its own exit: why, in its words (the run's failure reason). */
  failure?: string;
}

export interface ParsedMetric {
  name: string;
  /** The x of the value ('' when none). */
  point: string;
  value: number;
  unit: string;
  better: 'lower' | 'higher';
}

export type ParseOutcome = { ok: true; metrics: ParsedMetric[]; warnings?: string[] } | { ok: false; error: string };

export interface RunDriver {
  /** Makes the benchmark available on the endpoints (idempotent); optional. */
  install?(target: RunTarget, signal: AbortSignal): Promise<void>;
  /** Launches the run detached under target.remoteRunId and returns once it is launched, with what it ran on what. */
  start(target: RunTarget, signal: AbortSignal): Promise<void | Provenance>;
  /** Whether the detached run is still going, has exited (output ready), died without a status, or was never launched. */
  status(target: RunTarget): Promise<RemoteStatus>;
  /** Optional: a facts probe of the endpoint the run's job runs on, for a run reattached after a restart whose
   *  starting process died before it recorded them (start probes after the job is launched). */
  facts?(target: RunTarget): Promise<Provenance['facts']>;
  /** Optional: returns as soon as the detached run ends, or after about `maxMs`, so its end is seen without polling. */
  wait?(target: RunTarget, maxMs: number, signal: AbortSignal): Promise<void>;
  collect(target: RunTarget): Promise<Collected>;
  /** Stops the detached run (cancel, timeout); must not throw when it is already gone. */
  stop(target: RunTarget): Promise<void>;
  /** Pure: output -> metrics, or why not. */
  parse(run: DriverRun, collected: Collected): ParseOutcome;
  /** Removes what the run left on the endpoints (its output files); optional. */
  cleanup?(target: RunTarget): Promise<void>;
  /** Before anything of a platform is submitted: what its runs ask of the site (a batch system's partition) and every
   *  reason it cannot give it. Optional; a platform whose backend has nothing to check answers no problems. */
  check?(platform: string, runs: readonly { nodes: number }[]): Promise<{ text?: string; problems: string[] }>;
}

/** A driver throws this when an endpoint does not answer, so the executor fails that endpoint's runs, not the campaign. */
export class EndpointDownError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
    this.name = 'EndpointDownError';
  }
}

/** A driver and what it holds open (its SSH pool), released with close(). */
export interface DriverHandle {
  driver: RunDriver;
  close(): Promise<void>;
  /** Runs argv on a stored host over the driver's verified session: what platform providers prepare and tear down with. */
  hostRunner?: (
    host: StoredHost,
  ) => (argv: readonly string[], opts?: { timeoutMs?: number }) => Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** What opening a driver needs; each kind reads its own fields. Chosen in main/core/run-drivers.ts. */
export interface DriverRequest {
  /** 'benchmark' (the benchmark runner) or 'command' (a shell line, for scripted measurements). */
  kind: string;
  repos: Repos;
  knownHostsPath: string;
  /** For 'command': a POSIX shell line; it gets the benchmark name as $1 and the run's parameters (JSON) as $2. */
  command?: string;
  /** For 'benchmark': the NPB source tarball (path) or URL the campaign was started with (main/campaigns/start-inputs.ts). */
  npbSource?: string;
  /** For a URL source: the content it must have (a download with another sha256 is refused). */
  npbSha256?: string;
  /** Resolves the password and passphrase references of the endpoints (checked before a resume). */
  secrets?: SecretReader;
  /** The campaign the driver serves: what its earlier processes left (e.g. MPI keys) is removed when it closes. */
  campaignId?: number;
}

/** A driver throws this when an endpoint is there but too slow to answer (an SSH handshake not finished in time on a
 *  loaded host): the run is not failed as 'endpoint down' and the endpoint is not given up. */
export class EndpointBusyError extends Error {
  constructor(
    readonly host: string,
    message: string,
  ) {
    super(message);
    this.name = 'EndpointBusyError';
  }
}
