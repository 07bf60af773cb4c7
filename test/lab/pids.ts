// Process liveness and stopping by pid: namespaces share one process table, so never by name.
import { readFileSync } from 'node:fs';

/** True when the pid exists and is not a zombie (a zombie still answers kill -0). */
export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const state = /^State:\s+(\S)/m.exec(status)?.[1];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function childrenOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text ? text.split(/\s+/).map(Number) : [];
  } catch {
    return [];
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` holds; the cap is only a backstop against a hang, generous for a loaded machine. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(delay);
  }
}

/** SIGTERM, then SIGKILL after graceMs; resolves once the pid is gone or a zombie. */
export async function stopPid(pid: number | undefined, graceMs = 2000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid!, 'SIGTERM');
  } catch {
    return;
  }
  try {
    await waitFor(`pid ${pid} to exit`, () => !isAlive(pid), graceMs);
  } catch {
    try {
      process.kill(pid!, 'SIGKILL');
    } catch {
      return;
    }
    await waitFor(`pid ${pid} to die`, () => !isAlive(pid), 2000);
  }
}
