// The campaign's driver forwards to one benchmark driver per platform: a method the benchmark driver has but the
// forwarder leaves out is silently never called (a resumed run's facts probe was lost that way).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBenchmarkDriver } from '../../../../main/runner/run-driver/driver.ts';
import { openBenchmarkDriver } from '../../../../main/runner/run-driver/factory.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('openBenchmarkDriver', () => {
  it('exposes every run-driver method the per-platform benchmark driver implements', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-factory-'));
    dirs.push(dir);
    const db = openDatabase({ path: join(dir, 'db.sqlite') });
    const handle = openBenchmarkDriver({ kind: 'benchmark', repos: createRepos(db), knownHostsPath: join(dir, 'known_hosts') });
    const inner = createBenchmarkDriver({
      endpoint: () => {
        throw new Error('not used');
      },
      backendOf: () => {
        throw new Error('not used');
      },
    });
    // removeKeys is the handle's close(), not a run-driver method.
    const innerMethods = Object.keys(inner).filter((k) => k !== 'removeKeys' && typeof (inner as unknown as Record<string, unknown>)[k] === 'function');
    const missing = innerMethods.filter((k) => typeof (handle.driver as unknown as Record<string, unknown>)[k] !== 'function');
    expect(missing).toEqual([]);
    expect(innerMethods).toContain('facts');
    await handle.close();
    db.close();
  });
});
