// What the executor asks of an execution backend (docs/DEVELOPING.md, "the three kinds of module"): how one run's
// job script is started, watched, collected and stopped on the site's machines. `ssh` starts a detached job on the
// run's first endpoint; `slurm` submits a batch job through a login endpoint. Backends know no benchmark.
import type { ChannelHost } from '../ssh/pool.ts';

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
  /** The batch system's names of the nodes the job must run on (the endpoints the run holds), rank order. */
  nodeList?: readonly string[];
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

export interface JobOutput {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface CancelReport {
  /** Status reads and signal sends it took. */
  attempts: number;
  /** The strongest stop asked for (none when the job had already ended). */
  signal?: string;
}

export { demandOf, type BackendDemand, type DemandInput } from './demand.ts';

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

/** An endpoint of a run as a backend sees it: its name, address and pooled, host-key-checked session. */
export interface RunEndpoint {
  name: string;
  address: string;
  /** controlTimeoutMs: the limit of short commands there when its platform's guests are slow (else the backend's). */
  session: { host: ChannelHost; name: string; controlTimeoutMs?: number };
}

/** One run's job as the run driver hands it to a backend. */
export interface RunJob {
  runId: string;
  /** argv of the job (`sh -c <script> virtlab-job`). */
  command: string[];
  /** The run's endpoints, rank order: the job's own command runs on the first. */
  endpoints: readonly RunEndpoint[];
  /** Absolute folder on the first endpoint the job starts in (its run folder). */
  cwd: string;
  /** The command starts the ranks on every endpoint itself (the backend's MPI launch): no single host to run it on. */
  launchesRanks: boolean;
  /** The argv that runs a command inside the platform's guest on the first endpoint (a container platform): a backend
   *  whose job starts on the node itself (a batch system) runs the job's command through it; `ssh` starts the job
   *  over the endpoint's session, which wraps it already. */
  wrap?: (argv: readonly string[]) => string[];
}

/** What the run knows of its job: its id once submitted (kept with the run, so a resume asks for that job). */
export interface RunJobRef {
  runId: string;
  jobId?: string;
  endpoints: readonly RunEndpoint[];
}

/** `jobId`: the job's id as the backend knows it now (one adopted by the run's name after a restart too). */
export interface RunJobOutput extends JobOutput {
  nodeList?: string;
  jobId?: string;
}

/** A backend as the run driver uses it for one campaign's runs of one platform (docs/DEVELOPING.md). */
export interface RunBackend {
  /** The argv that starts `ranksPerNode` ranks on each of `nodes` nodes inside the job, when the backend starts ranks
   *  itself (Slurm's srun); undefined: the run driver's mpirun over SSH with a hostfile. */
  mpiLaunch?(nodes: number, ranksPerNode: number): string[];
  /** What the runs ask of the site and every reason it cannot give it, before anything is submitted. `nodes`: the
   *  platform's endpoints as the hosts themselves (whether the site lets VirtLab prepare them over SSH). */
  check?(runs: readonly { nodes: number }[], nodes?: readonly RunEndpoint[]): Promise<{ text: string; problems: string[] }>;
  submit(job: RunJob): Promise<JobHandle>;
  /** The job's state (batched with the other runs' where the backend can). */
  state(ref: RunJobRef): Promise<JobState & { jobId?: string }>;
  /** Returns once the job ended or about maxMs passed. */
  wait(ref: RunJobRef, maxMs: number, signal?: AbortSignal): Promise<void>;
  collect(ref: RunJobRef): Promise<RunJobOutput>;
  cancel(ref: RunJobRef): Promise<CancelReport>;
  release(ref: RunJobRef): Promise<void>;
}
