// The SSH execution backend: each run is one detached job (main/ssh/detached.ts) on the run's first endpoint, in
// ~/.virtlab/runs/<runId>/, found again by that id after a crash. The endpoint is the session: there is no batch
// system to ask, so a poll reads each job's status file (one round trip a job).
import type { CancelReport, ExecutionBackend, JobHandle, JobOutput, JobState, JobSubmission } from '../backend.ts';
import { DetachedRuns, type RunStatus, type Waited } from '../../ssh/detached.ts';
import type { ChannelHost } from '../../ssh/pool.ts';
import { stopDetachedRun } from '../../ssh/stop-detached.ts';

export interface SshBackendOptions {
  /** Timeout of the short control commands (status, stop); a dead endpoint is noticed within it. */
  controlTimeoutMs: number;
  /** How long the channel that starts a job goes on to wait for its end (0: start only). A short job's start, end and
   * output then cost one round trip; a longer one is watched by the usual waits once this one is over. */
  startWaitMs?: number;
}

/** A job's output up to this size comes back with the wait that sees its end (larger: read by collect). */
export const OUTPUT_WITH_WAIT_BYTES = 4 * 1024 * 1024;

/** `p`'s value, or 'over' once `ms` have passed or `signal` aborts, whichever comes first (no timer left behind). */
function within<T>(p: Promise<T>, ms: number, signal?: AbortSignal): Promise<T | 'over'> {
  return new Promise((resolve, reject) => {
    const over = () => finish(() => resolve('over'));
    const t = setTimeout(over, Math.max(0, ms));
    signal?.addEventListener('abort', over, { once: true });
    function finish(f: () => void) {
      clearTimeout(t);
      signal?.removeEventListener('abort', over);
      f();
    }
    if (signal?.aborted) over();
    p.then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

/** The endpoint a job runs on: its pooled, host-key-checked session and the name messages use. */
export interface SshSession {
  host: ChannelHost;
  name: string;
  /** The limit of short commands on this endpoint, when its platform declares slower ones than the backend's. */
  controlTimeoutMs?: number;
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
  /** Output a wait brought back with a job's end, by host and run id, until collect takes it. */
  private readonly outputs = new Map<string, { stdout: string; stderr: string }>();
  /** The wait still going on the channel that started a job (startWaitMs), by host and run id. */
  private readonly startWaits = new Map<string, Promise<Waited | undefined>>();
  constructor(private readonly opts: SshBackendOptions) {}

  private forget(k: string): void {
    this.exited.delete(k);
    this.outputs.delete(k);
    this.startWaits.delete(k);
  }

  /** What a wait saw: an exit status (final: it never changes) and the output that came with it. */
  private absorb(k: string, w: Waited | undefined): boolean {
    if (w?.status.state !== 'exited') return false;
    this.exited.set(k, jobStateOf(w.status));
    if (w.output) this.outputs.set(k, w.output);
    return true;
  }

  private key(s: SshSession, runId: string): string {
    return `${s.name}\u0000${runId}`;
  }

  private runs(s: SshSession): DetachedRuns {
    return new DetachedRuns(s.host, { timeoutMs: s.controlTimeoutMs ?? this.opts.controlTimeoutMs });
  }

  async submit(host: SshSession, job: JobSubmission): Promise<JobHandle> {
    const cwd = job.cwd !== undefined ? { cwd: job.cwd } : {};
    const waitMs = this.opts.startWaitMs ?? 0;
    if (waitMs <= 0) {
      const { pid } = await this.runs(host).start(job.runId, job.command, cwd);
      return { runId: job.runId, id: String(pid) };
    }
    const k = this.key(host, job.runId);
    this.forget(k);
    const s = this.runs(host).startThenWait(job.runId, job.command, { ...cwd, waitMs, outputUpTo: OUTPUT_WITH_WAIT_BYTES });
    const { pid } = await s.started;
    this.startWaits.set(k, s.ended);
    return { runId: job.runId, id: String(pid) };
  }

  async poll(host: SshSession, handles: readonly JobHandle[]): Promise<Map<string, JobState>> {
    const out = new Map<string, JobState>();
    for (const h of handles) out.set(h.runId, this.exited.get(this.key(host, h.runId)) ?? jobStateOf(await this.runs(host).reattach(h.runId)));
    return out;
  }

  /** Returns once the job has ended or about `maxMs` has passed (no polling needed to see its end). */
  async waitEnd(host: SshSession, handle: JobHandle, maxMs: number, signal?: AbortSignal): Promise<void> {
    const k = this.key(host, handle.runId);
    if (this.exited.has(k)) return;
    const t0 = Date.now();
    const pending = this.startWaits.get(k);
    if (pending) {
      // The channel that started the job is waiting already: join it rather than open another.
      let w: Waited | undefined | 'over';
      try {
        w = await within(pending, maxMs, signal);
      } catch (e) {
        this.startWaits.delete(k);
        throw e;
      }
      if (w === 'over') return;
      this.startWaits.delete(k);
      if (this.absorb(k, w)) return;
      // That wait's time ran out with the job still going: wait for what is left of this one's.
      maxMs -= Date.now() - t0;
      if (maxMs < 100 || signal?.aborted) return;
    }
    this.absorb(k, await this.runs(host).waitEndWithOutput(handle.runId, maxMs, OUTPUT_WITH_WAIT_BYTES, signal));
  }

  async collect(host: SshSession, handle: JobHandle): Promise<JobOutput> {
    const k = this.key(host, handle.runId);
    const seen = this.outputs.get(k);
    const state = this.exited.get(k);
    if (seen && state?.state === 'exited') {
      // Read with the job's final status by the wait that saw it end; the folder keeps it until release.
      this.outputs.delete(k);
      return { stdout: seen.stdout, stderr: seen.stderr, exitCode: state.code };
    }
    const c = await this.runs(host).collect(handle.runId);
    return { stdout: c.stdout, stderr: c.stderr, exitCode: c.status.state === 'exited' ? c.status.code : null };
  }

  async cancel(host: SshSession, handle: JobHandle): Promise<CancelReport> {
    this.forget(this.key(host, handle.runId));
    const r = await stopDetachedRun(this.runs(host), handle.runId, host.name);
    return { attempts: r.attempts, ...(r.signal ? { signal: r.signal } : {}) };
  }

  release(host: SshSession, handle: JobHandle): Promise<void> {
    this.forget(this.key(host, handle.runId));
    return this.runs(host).cleanup(handle.runId);
  }
}
