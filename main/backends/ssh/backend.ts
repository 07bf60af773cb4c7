// The SSH execution backend: each run is one detached job (main/ssh/detached.ts) on the run's first endpoint, in
// ~/.virtlab/runs/<runId>/, found again by that id after a crash. The endpoint is the session: there is no batch
// system to ask, so a poll reads each job's status file (one round trip a job).
import type { CancelReport, ExecutionBackend, JobHandle, JobOutput, JobState, JobSubmission } from '../backend.ts';
import { DetachedRuns, type RunStatus } from '../../ssh/detached.ts';
import type { ChannelHost } from '../../ssh/pool.ts';
import { stopDetachedRun } from '../../ssh/stop-detached.ts';

export interface SshBackendOptions {
  /** Timeout of the short control commands (status, stop); a dead endpoint is noticed within it. */
  controlTimeoutMs: number;
}

/** The endpoint a job runs on: its pooled, host-key-checked session and the name messages use. */
export interface SshSession {
  host: ChannelHost;
  name: string;
}

export function jobStateOf(s: RunStatus): JobState {
  switch (s.state) {
    case 'running':
      return { state: 'running' };
    case 'exited':
      return { state: 'exited', code: s.code };
    case 'lost':
      return { state: 'lost' };
    default:
      return { state: 'missing' };
  }
}

export class SshBackend implements ExecutionBackend<SshSession> {
  readonly name = 'ssh';
  /** Jobs a wait saw exit, by host and run id: an exit status never changes (the folder holds it until release), so
   * the poll that follows a wait needs no round trip of its own. */
  private readonly exited = new Map<string, JobState>();
  constructor(private readonly opts: SshBackendOptions) {}

  private key(s: SshSession, runId: string): string {
    return `${s.name}\u0000${runId}`;
  }

  private runs(s: SshSession): DetachedRuns {
    return new DetachedRuns(s.host, { timeoutMs: this.opts.controlTimeoutMs });
  }

  async submit(host: SshSession, job: JobSubmission): Promise<JobHandle> {
    const { pid } = await this.runs(host).start(job.runId, job.command, job.cwd !== undefined ? { cwd: job.cwd } : {});
    return { runId: job.runId, id: String(pid) };
  }

  async poll(host: SshSession, handles: readonly JobHandle[]): Promise<Map<string, JobState>> {
    const out = new Map<string, JobState>();
    for (const h of handles) out.set(h.runId, this.exited.get(this.key(host, h.runId)) ?? jobStateOf(await this.runs(host).reattach(h.runId)));
    return out;
  }

  /** Returns once the job has ended or about `maxMs` has passed (no polling needed to see its end). */
  async waitEnd(host: SshSession, handle: JobHandle, maxMs: number, signal?: AbortSignal): Promise<void> {
    const s = await this.runs(host).waitEnd(handle.runId, maxMs, signal);
    if (s?.state === 'exited') this.exited.set(this.key(host, handle.runId), jobStateOf(s));
  }

  async collect(host: SshSession, handle: JobHandle): Promise<JobOutput> {
    const c = await this.runs(host).collect(handle.runId);
    return { stdout: c.stdout, stderr: c.stderr, exitCode: c.status.state === 'exited' ? c.status.code : null };
  }

  async cancel(host: SshSession, handle: JobHandle): Promise<CancelReport> {
    this.exited.delete(this.key(host, handle.runId));
    const r = await stopDetachedRun(this.runs(host), handle.runId, host.name);
    return { attempts: r.attempts, ...(r.signal ? { signal: r.signal } : {}) };
  }

  release(host: SshSession, handle: JobHandle): Promise<void> {
    this.exited.delete(this.key(host, handle.runId));
    return this.runs(host).cleanup(handle.runId);
  }
}
