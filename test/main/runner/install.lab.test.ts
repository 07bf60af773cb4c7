// Install execution on a lab host: the tools are already there (the lab shares the machine's packages), so the
// run detects and reuses them without asking, records their versions once, and shows the Debian plan it would run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTools, readInstallFacts } from '../../../main/runner/install/run.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { installPlan } from '../../../main/benchmarks/install/plan.ts';
import { narrowPlan } from '../../../main/runner/install/run.ts';
import { labBench, type LabBench } from './lab-bench.ts';

let lab: LabBench;
beforeAll(async () => {
  lab = await labBench(4);
});
afterAll(() => lab?.close());

describe('bench install on a lab host', () => {
  it('detects netperf and IOzone, reuses them without asking, and records versions once', async () => {
    const db = openDatabase({ path: ':memory:' });
    const repos = createRepos(db);
    const e = lab.inv.hosts[3]!;
    const hostId = repos.hosts.save({
      name: e.name,
      address: e.address,
      port: e.port,
      user: 'root',
      auth: { kind: 'key', keyPath: lab.inv.keyPath },
      jump: [],
      tags: [],
    });
    const platformId = repos.platforms.create({ name: 'native', technology: 'native', product: 'bare metal', isBaseline: true });
    const endpointId = repos.platforms.addEndpoint({ platformId, hostId });
    const ep = { ...(await lab.bench(e)), endpointId };
    let asked = 0;
    for (let i = 0; i < 2; i++) {
      const out = await installTools({
        endpoint: ep,
        tools: ['netperf', 'iozone'],
        installs: repos.installs,
        confirm: async () => {
          asked++;
          return false;
        },
      });
      expect(out.ran).toBe(false);
      expect(out.versions).toEqual({ netperf: '2.7.0', iozone: '3.489' });
    }
    expect(asked).toBe(0);
    expect(repos.installs.list(endpointId).map((r) => [r.benchmark, r.version, r.method])).toEqual([
      ['netperf', '2.7.0', 'preinstalled'],
      ['iozone', '3.489', 'preinstalled'],
    ]);
    db.close();
  });

  it('would add Debian non-free for netperf and iozone3 on this endpoint, shown before running', async () => {
    const facts = await readInstallFacts(await lab.bench(lab.inv.hosts[3]!));
    expect(facts.packageManager).toBe('apt');
    const steps = narrowPlan(installPlan(facts), ['netperf']);
    const tee = steps.find((s) => s.argv[0] === 'tee' || s.argv.includes('tee'));
    if (facts.osId === 'debian') expect(tee?.stdin).toMatch(/non-free/);
    const install = steps.find((s) => s.argv.includes('apt-get') && s.argv.includes('install'))!;
    expect(install.argv).toContain('netperf');
    expect(install.argv).not.toContain('iozone3');
  });
});
