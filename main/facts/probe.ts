// Runs the facts probe on one endpoint (a single exec) and parses what it printed.
import { SshError } from '../ssh/errors.ts';
import { exec } from '../ssh/exec.ts';
import type { ChannelHost } from '../ssh/pool.ts';
import { parseFacts } from './parse.ts';
import { FACTS_PROBE } from './probe-script.ts';
import type { HostFacts } from './types.ts';

export interface ProbeResult {
  facts: HostFacts;
  /** The probe's raw output, kept for the record and for re-parsing after parser fixes. */
  raw: string;
}

export async function probeFacts(host: ChannelHost, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ProbeResult> {
  const r = await exec(host, ['sh', '-c', FACTS_PROBE], { timeoutMs: opts.timeoutMs ?? 30_000, ...(opts.signal ? { signal: opts.signal } : {}) });
  if (r.code !== 0) {
    throw new SshError('remote', `facts probe on ${host.label} failed: ${r.timedOut ? 'timed out' : r.stderr.trim() || `exit ${r.code}`}`, host.label);
  }
  return { facts: parseFacts(r.stdout), raw: r.stdout };
}
