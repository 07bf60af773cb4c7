// Serializes up/down/faults of one lab instance across processes (several test runs may share the lab),
// and counts the test runs using it (leases) so the last one out tears it down.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LabConfig } from './config.ts';
import { isAlive, sleep } from './pids.ts';

export async function withLock<T>(c: LabConfig, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  mkdirSync(c.dir, { recursive: true });
  const lock = resolve(c.dir, 'lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(resolve(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = 0;
      try {
        owner = Number(readFileSync(resolve(lock, 'pid'), 'utf8'));
      } catch {
        /* being written or removed */
      }
      if (owner && !isAlive(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`lab ${c.dir} is locked by pid ${owner || '?'}`);
      await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const leaseDir = (c: LabConfig) => resolve(c.dir, 'leases');

export function takeLease(c: LabConfig): void {
  mkdirSync(leaseDir(c), { recursive: true });
  writeFileSync(resolve(leaseDir(c), String(process.pid)), '');
}

/** Drops this process's lease; true when no other live process holds one. */
export function dropLease(c: LabConfig): boolean {
  rmSync(resolve(leaseDir(c), String(process.pid)), { force: true });
  let others = 0;
  for (const f of readdirSync(leaseDir(c))) {
    if (isAlive(Number(f))) others++;
    else rmSync(resolve(leaseDir(c), f), { force: true });
  }
  return others === 0;
}
