// Stopping a detached run for good: TERM to its process group first (mpirun, given the chance, takes its remote
// ranks down with it), KILL once the grace period has passed, every step retried with backoff when the endpoint is
// slow or briefly unreachable, and the run's own status read back to know it is over. When it still runs after all
// attempts this says so (with the last error) instead of pretending.
import { backoffDelay, sleep } from './backoff.ts';
import type { DetachedRuns } from './detached.ts';
import { SshError } from './errors.ts';

export interface StopDetachedOptions {
  attempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Time TERM gets before KILL. */
  graceMs?: number;
}

export interface StopDetachedResult {
  /** Status reads and signal sends it took. */
  attempts: number;
  /** The strongest signal sent (none when the run had already ended). */
  signal?: 'TERM' | 'KILL';
}

export async function stopDetachedRun(runs: DetachedRuns, runId: string, label: string, o: StopDetachedOptions = {}): Promise<StopDetachedResult> {
  const attempts = o.attempts ?? 8;
  const graceMs = o.graceMs ?? 10_000;
  let signal: 'TERM' | 'KILL' | undefined;
  let termAt = 0;
  let lastError: string | undefined;
  for (let i = 0; i <= attempts; i++) {
    if (i > 0) await sleep(backoffDelay(i - 1, { initialDelayMs: o.initialDelayMs ?? 500, maxDelayMs: o.maxDelayMs ?? 8_000 }));
    try {
      const status = await runs.reattach(runId);
      if (status.state !== 'running') return { attempts: i + 1, ...(signal ? { signal } : {}) };
      if (i === attempts) break; // the last round only looks
      if (signal === undefined) {
        await runs.stop(runId, 'TERM');
        signal = 'TERM';
        termAt = Date.now();
      } else if (Date.now() - termAt >= graceMs) {
        await runs.stop(runId, 'KILL');
        signal = 'KILL';
      }
      lastError = undefined;
    } catch (e) {
      lastError = (e as Error).message;
    }
  }
  const why = lastError ?? `still running after ${signal ?? 'no signal'}${signal === 'TERM' ? ' (KILL not reached within the attempts)' : ''}`;
  throw new SshError('remote', `could not stop run ${runId} on ${label} after ${attempts} attempts: ${why}`, label);
}
