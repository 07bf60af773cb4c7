// A platform names its execution backend: settings read by the backend's schema, the login endpoint a stored host,
// stored and listed with the platform; a run keeps its job id and the nodes the job got.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRecord } from '../../../main/contract/hosts.ts';
import { definePlatform, listPlatforms } from '../../../main/lab-model/platforms.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import { tempDir } from '../store/temp-db.ts';

let tmp: ReturnType<typeof tempDir>;
let db: Database;
let repos: Repos;
beforeEach(() => {
  tmp = tempDir();
  db = openDatabase({ path: `${tmp.dir}/v.db` });
  repos = createRepos(db);
  for (const n of ['login1', 'n1', 'n2']) repos.hosts.save(HostRecord.parse({ name: n, address: '192.0.2.1', user: 'root', auth: { kind: 'agent' } }));
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

const base = { technology: 'native' as const, product: 'x', isBaseline: false, endpoints: ['n1', 'n2'] };

describe('platform backends', () => {
  it('stores a Slurm platform with its settings as the schema read them', () => {
    const p = definePlatform(repos, { ...base, name: 's', backend: 'slurm', backendSettings: { login: 'login1', timeLimitMin: 5, workDir: '/shared' } });
    expect(p).toMatchObject({
      backend: 'slurm',
      backendSettings: { login: 'login1', timeLimitMin: 5, workDir: '/shared', mpiLauncher: 'srun-pmix', mpiYieldWhenIdle: false },
    });
    expect(listPlatforms(repos).find((x) => x.name === 's')?.backend).toBe('slurm');
    expect(definePlatform(repos, { ...base, name: 'plain' }).backend).toBeUndefined();
  });

  it('refuses a login endpoint that is not a stored host, bad settings, and settings without a backend', () => {
    expect(() =>
      definePlatform(repos, { ...base, name: 's', backend: 'slurm', backendSettings: { login: 'ghost', timeLimitMin: 5, workDir: '/shared' } }),
    ).toThrow('platform s: backendSettings.login: no host named "ghost" (the slurm login endpoint must be a stored host)');
    expect(() =>
      definePlatform(repos, { ...base, name: 's', backend: 'slurm', backendSettings: { login: 'login1', timeLimitMin: 5, workDir: '/a/../b' } }),
    ).toThrow(/no \.\. in the work folder/);
    expect(() => definePlatform(repos, { ...base, name: 's', backendSettings: { login: 'login1' } })).toThrow(/backendSettings without a backend/);
    expect(repos.platforms.list()).toEqual([]);
  });

  it("keeps a run's job id and the nodes its job got", () => {
    const p = definePlatform(repos, { ...base, name: 's' });
    const c = repos.campaigns.create(repos.scenarios.save('sc', { name: 'sc' }).id, 'c');
    const id = repos.runs.create({ campaignId: c, planIndex: 0, platformId: repos.platforms.findByName(p.name)!.id, benchmark: 'netperf' });
    repos.runs.recordJob(id, { jobId: '42' });
    repos.runs.recordJob(id, { nodeList: 'n[1-2]' });
    expect(repos.runs.get(id)).toMatchObject({ jobId: '42', nodeList: 'n[1-2]' });
  });
});
