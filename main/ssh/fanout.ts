// Runs one argv on many endpoints at once: a concurrency limit, a timeout per endpoint that covers
// connecting too, and one result per endpoint, so a slow or dead host never holds up the others.
import { endpointLabel, type SshEndpoint } from './endpoint.ts';
import { SshError } from './errors.ts';
import { exec } from './exec.ts';
import type { SshPool } from './pool.ts';

export type FanoutResult =
  | { endpoint: SshEndpoint; ok: boolean; code: number | null; signal: string | null; stdout: string; stderr: string; durationMs: number }
  | { endpoint: SshEndpoint; ok: false; error: string; durationMs: number };

export interface FanoutOptions {
  concurrency?: number;
  /** Per endpoint, connecting included. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, result: FanoutResult) => void;
}

async function one(pool: SshPool, ep: SshEndpoint, argv: readonly string[], timeoutMs: number, outer?: AbortSignal): Promise<FanoutResult> {
  const started = Date.now();
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
  const elapsed = () => Date.now() - started;
  try {
    // exec stops the remote command on timeout; the race also covers a connect that hangs.
    const run = exec(pool.host(ep), argv, { timeoutMs, signal });
    const deadline = new Promise<never>((_, reject) => {
      const t = setTimeout(() => reject(new SshError('timeout', `no answer from ${endpointLabel(ep)} within ${timeoutMs} ms`)), timeoutMs + 250);
      run.finally(() => clearTimeout(t)).catch(() => {});
    });
    const r = await Promise.race([run, deadline]);
    if (r.timedOut) return { endpoint: ep, ok: false, error: `command timed out after ${timeoutMs} ms on ${endpointLabel(ep)}`, durationMs: elapsed() };
    if (r.cancelled) return { endpoint: ep, ok: false, error: `cancelled on ${endpointLabel(ep)}`, durationMs: elapsed() };
    return { endpoint: ep, ok: r.code === 0, code: r.code, signal: r.signal, stdout: r.stdout, stderr: r.stderr, durationMs: elapsed() };
  } catch (e) {
    const msg =
      timeout.aborted && !(e instanceof SshError && e.kind !== 'cancelled')
        ? `no answer from ${endpointLabel(ep)} within ${timeoutMs} ms`
        : (e as Error).message;
    return { endpoint: ep, ok: false, error: msg, durationMs: elapsed() };
  }
}

/** Results come back in the order of `endpoints`. */
export async function fanout(pool: SshPool, endpoints: readonly SshEndpoint[], argv: readonly string[], opts: FanoutOptions = {}): Promise<FanoutResult[]> {
  const limit = Math.max(1, opts.concurrency ?? 32);
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const results = new Array<FanoutResult>(endpoints.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < endpoints.length) {
      const i = next++;
      const r = await one(pool, endpoints[i]!, argv, timeoutMs, opts.signal);
      results[i] = r;
      opts.onProgress?.(++done, endpoints.length, r);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, endpoints.length) }, worker));
  return results;
}
