// The CLI of this checkout, run as a user would (`virtlab --data-dir DIR ARGS...`), e.g. `report pdf 1 -o FILE`.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join, resolve } from 'node:path';

export function runVirtlab(dataDir: string, args: string[]): SpawnSyncReturns<string> {
  const root = resolve(import.meta.dirname, '..', '..', '..');
  return spawnSync('node', [join(root, 'bin', 'virtlab.mjs'), '--data-dir', dataDir, ...args], { encoding: 'utf8', timeout: 120_000 });
}
