// What a campaign is stored with at start: defaults, the NPB tarball's sha256 and size (a copy when self-contained),
// secret references of its endpoints, and a refusal (before anything is stored) of NPB runs without a source.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRecord } from '../../../main/contract/hosts.ts';
import type { PlanEntry } from '../../../main/contract/scenarios.ts';
import { definePlatform } from '../../../main/lab-model/platforms.ts';
import { InputProblem } from '../../../main/campaigns/input-problem.ts';
import { prepareStartInputs, secretRefsOf } from '../../../main/campaigns/start-inputs.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import { tempDir } from '../store/temp-db.ts';

/** Params of one real point per stored name: whether a run needs the NPB source is its module's say (a build requirement). */
const PARAMS: Record<string, Record<string, unknown>> = {
  netperf: { test: 'TCP_RR', messageSize: 64, durationSec: 10 },
  'npb-serial': { kernel: 'ep', class: 'S', variant: 'serial' },
  'npb-omp': { kernel: 'ep', class: 'S', variant: 'openmp', threads: 2 },
  'npb-mpi': { kernel: 'ep', class: 'S', variant: 'mpi', nodes: 2, ranks: 2 },
};
const entry = (benchmark: string, platform = 'native'): PlanEntry =>
  ({
    index: 0,
    platform,
    benchmark: benchmark as PlanEntry['benchmark'],
    point: 'p',
    params: PARAMS[benchmark] ?? {},
    repetition: 0,
    nodeCount: 1,
    endpointsNeeded: 1,
    estimateSec: 1,
  }) as PlanEntry;

let tmp: ReturnType<typeof tempDir>;
let db: Database;
let repos: Repos;
beforeEach(() => {
  tmp = tempDir('virtlab-inputs-');
  db = openDatabase({ path: join(tmp.dir, 'virtlab.db') });
  repos = createRepos(db);
  repos.hosts.save(HostRecord.parse({ name: 'gw', address: '10.0.0.1', user: 'root', auth: { kind: 'password', secretRef: 'env:GW_PASSWORD' } }));
  repos.hosts.save(
    HostRecord.parse({ name: 'n1', address: '10.0.0.2', user: 'root', auth: { kind: 'key', keyPath: '/k', passphraseRef: 'key:/k:passphrase' }, jump: ['gw'] }),
  );
  repos.hosts.save(HostRecord.parse({ name: 'n2', address: '10.0.0.3', user: 'root', auth: { kind: 'agent' } }));
  repos.hosts.save(HostRecord.parse({ name: 'other', address: '10.0.0.4', user: 'root', auth: { kind: 'password', secretRef: 'env:OTHER' } }));
  definePlatform(repos, { name: 'native', technology: 'native', product: 'x', isBaseline: true, endpoints: ['n1', 'n2'] });
  definePlatform(repos, { name: 'spare', technology: 'native', product: 'y', isBaseline: false, endpoints: ['other'] });
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('prepareStartInputs', () => {
  it('refuses NPB runs without a source in one sentence, and takes VIRTLAB_NPB_SOURCE when given', async () => {
    const ctx = { dataDir: tmp.dir, env: {}, repos };
    await expect(prepareStartInputs({}, [entry('netperf'), entry('npb-serial'), entry('npb-mpi')], ctx)).rejects.toThrow(InputProblem);
    await expect(prepareStartInputs({}, [entry('npb-serial')], ctx)).rejects.toThrow(/^This scenario has 1 NPB run\(s\) but no NPB source: give --npb-source/);
    // The command driver builds nothing: no source needed.
    expect((await prepareStartInputs({ driver: 'command', command: 'true' }, [entry('npb-serial')], ctx)).npbSource).toBeUndefined();
    const tar = join(tmp.dir, 'npb.tar');
    writeFileSync(tar, 'tarball bytes');
    const viaEnv = await prepareStartInputs({}, [entry('npb-serial')], { ...ctx, env: { VIRTLAB_NPB_SOURCE: tar } });
    expect(viaEnv.npbSource).toEqual({ kind: 'file', path: tar, sha256: createHash('sha256').update('tarball bytes').digest('hex'), size: 13 });
  });

  it('stores defaults, the secret references of the platforms used (jump hosts too), never values', async () => {
    const i = await prepareStartInputs({ pollMs: 250 }, [entry('netperf')], { dataDir: tmp.dir, env: { GW_PASSWORD: 'hunter2' }, repos });
    expect(i).toMatchObject({ version: 1, driver: { kind: 'benchmark' }, knownHostsPath: join(tmp.dir, 'known_hosts'), selfContained: false, pollMs: 250 });
    expect(i.secrets).toEqual([
      { ref: 'key:/k:passphrase', use: 'key passphrase of n1' },
      { ref: 'env:GW_PASSWORD', use: 'password of gw' },
    ]);
    expect(JSON.stringify(i)).not.toContain('hunter2');
    expect(secretRefsOf(repos, ['spare'])).toEqual([{ ref: 'env:OTHER', use: 'password of other' }]);
  });

  it('self-contained: keeps a content-addressed copy in the data folder; a missing tarball is refused', async () => {
    const tar = join(tmp.dir, 'NPB3.4.2.tar.gz');
    writeFileSync(tar, 'gz bytes');
    const i = await prepareStartInputs({ npbSource: tar, selfContained: true }, [entry('npb-omp')], { dataDir: tmp.dir, env: {}, repos });
    const sha = createHash('sha256').update('gz bytes').digest('hex');
    expect(i.npbSource).toEqual({ kind: 'file', path: join(tmp.dir, 'inputs', 'npb', `${sha}.tar.gz`), sha256: sha, size: 8, copiedFrom: tar });
    expect(readFileSync(join(tmp.dir, 'inputs', 'npb', `${sha}.tar.gz`), 'utf8')).toBe('gz bytes');
    await expect(prepareStartInputs({ npbSource: join(tmp.dir, 'nope.tar') }, [entry('npb-omp')], { dataDir: tmp.dir, env: {}, repos })).rejects.toThrow(
      /^The NPB source .*nope\.tar cannot be read \(ENOENT\): give --npb-source an existing NPB tarball\.$/,
    );
    expect(existsSync(join(tmp.dir, 'inputs', 'npb'))).toBe(true);
  });
});
