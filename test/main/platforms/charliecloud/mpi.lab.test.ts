// MPI across Charliecloud containers, the way Charliecloud documents it: the hosts' own mpirun starts each rank as
// `ch-run IMAGE -- binary`. Through the CLI from a fresh data folder on 2 hosts of its own instance (za-, 10.250): NPB EP
// class S built inside the image with its toolchain, run over MPI on 1 host and on 2 hosts (one rank a host); both
// done, verified, with the number of processes NPB printed, the stored command starting the ranks through ch-run,
// facts saying charliecloud; then nothing left on the hosts (guest folders, MPI keys, links, routes, rules).
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { labImage } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli, labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';
import { mpiHostState, mpiRuns, mpiScenario, openResources } from '../support/mpi-campaign.ts';

const config: LabConfig = LAB_INSTANCES.mpiContainers;
let inv: LabInventory;
let data: LabData;
let archive: string;
let npb: string;

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  archive = (await labImage('base')).path;
  npb = npbTestTarball();
  data = await labDataDir(2, config);
  const db = openDatabase({ path: data.dbPath });
  try {
    definePlatform(createRepos(db), {
      name: 'ch',
      technology: 'os-level',
      product: 'Charliecloud',
      provider: 'charliecloud',
      isBaseline: false,
      endpoints: inv.hosts.map((h) => h.name),
      settings: { imageArchive: archive },
    });
  } finally {
    db.close();
  }
}, 300_000);

afterAll(async () => {
  data?.cleanup();
  if (npb) rmSync(npb, { force: true });
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 120_000);

describe('MPI across Charliecloud containers', () => {
  it('runs NPB EP over MPI on 1 and 2 hosts, each rank started by the host mpirun through ch-run, and leaves nothing behind', async () => {
    const before = await mpiHostState(inv.hosts);
    const file = join(data.dir, 'scenario.yaml');
    writeFileSync(file, mpiScenario('charliecloud-mpi', ['ch']));
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '300', '--quiet']);
    expect(await run.exit, `${run.stdout()}\n${run.stderr()}`).toBe(0);
    const runs = mpiRuns(data, 1);
    expect(runs.map((r) => [r.nodes, r.state, r.error])).toEqual([
      [1, 'done', null],
      [2, 'done', null],
    ]);
    for (const r of runs) {
      expect(r.stdout).toMatch(/Verification\s*=\s*SUCCESSFUL/);
      expect(r.stdout).toMatch(new RegExp(`Total number of processes:\\s+${r.nodes}\\b`));
      // The job ran the hosts' mpirun, every rank behind the provider's ch-run prefix on the campaign's guest folder.
      expect(r.command.join(' ')).toMatch(/mpirun .*virtlab-ch-rank .*\/\.virtlab\/guests\/virtlab-c1-ch\/\.virtlab\/npb\/\S*ep\.S\.\w+/);
      expect(r.command.join(' ')).toContain('exec ch-run -w');
      expect(r.container).toBe('charliecloud');
    }
    expect(openResources(data)).toEqual([]);
    expect(await mpiHostState(inv.hosts)).toBe(before);
  }, 420_000);
});
