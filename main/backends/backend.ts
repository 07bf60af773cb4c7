// What the executor asks of an execution backend (docs/DEVELOPING.md, "the three kinds of module"): how one run's
// job script is started, watched, collected and stopped on the site's machines. `ssh` starts a detached job on the
// run's first endpoint; `slurm` submits a batch job through a login endpoint. Backends know no benchmark.

/** One run's job as a backend receives it: the job script already built by the benchmark module. */
export interface JobSubmission {
  /** The run's remote id: the job folder's name (ssh) or carried in the job's name and comment (slurm). */
  runId: string;
  /** argv of the job (`sh -c <script> virtlab-job`). */
  command: string[];
  /** Nodes the job spans (1, 2 for a netperf pair, n for MPI on n nodes). */
  nodes: number;
  /** Folder the job starts in (relative to the remote home for ssh). */
  cwd?: string;
}

/** What a backend stores with the run to find its job again (also after a crash). */
export interface JobHandle {
  runId: string;
  /** The detached job's pid (ssh) or the Slurm job id. */
  id: string;
}

export type JobState =
  | { state: 'queued'; reason?: string }
  | { state: 'running'; nodeList?: string }
  | { state: 'exited'; code: number; nodeList?: string }
  /** Ended by the batch system or the site, not by the job's own exit: the reason is the system's. */
  | { state: 'failed'; reason: string; code?: number; nodeList?: string }
  /** Gone without an exit status (a killed detached job, a job the batch system forgot). */
  | { state: 'lost'; reason?: string }
  | { state: 'missing' };

export interface JobOutput { stdout: string; stderr: string; exitCode: number | null }

export interface CancelReport {
  /** Status reads and signal sends it took. */
  attempts: number;
  /** The strongest stop asked for (none when the job had already ended). */
  signal?: string;
}

/** What a set of runs asks of the backend, said in the plan before anything is submitted. */
export interface BackendDemand {
  jobs: number;
  /** Number of jobs by node count. */
  jobsByNodes: Record<number, number>;
  /** Longest time limit of one job, seconds. */
  maxTimePerJobSec: number;
  /** Sum over jobs of nodes x time limit, hours: an upper bound of what the site charges. */
  nodeHours: number;
}

export interface DemandInput { nodes: number; timeLimitSec: number }

export function demandOf(runs: readonly DemandInput[]): BackendDemand {
  const jobsByNodes: Record<number, number> = {};
  let nodeSec = 0;
  let maxTimePerJobSec = 0;
  for (const r of runs) {
    jobsByNodes[r.nodes] = (jobsByNodes[r.nodes] ?? 0) + 1;
    nodeSec += r.nodes * r.timeLimitSec;
    maxTimePerJobSec = Math.max(maxTimePerJobSec, r.timeLimitSec);
  }
  return { jobs: runs.length, jobsByNodes, maxTimePerJobSec, nodeHours: nodeSec / 3600 };
}

/** An execution backend over one session type (a pooled SSH session to the endpoint the jobs go through). */
export interface ExecutionBackend<Session> {
  readonly name: string;
  submit(session: Session, job: JobSubmission): Promise<JobHandle>;
  /** The state of every job in one round (batched where the backend can). Keyed by runId. */
  poll(session: Session, handles: readonly JobHandle[]): Promise<Map<string, JobState>>;
  collect(session: Session, handle: JobHandle): Promise<JobOutput>;
  cancel(session: Session, handle: JobHandle): Promise<CancelReport>;
  /** Removes what the job left on the site (its folder), once its result is stored. */
  release(session: Session, handle: JobHandle): Promise<void>;
}
