// MPI across Podman and Docker containers (the hybrid model of common/oci.ts): the hosts' own mpirun starts each rank
// as its own container of the platform's image on the host network. Through the CLI from a fresh data folder on 2
// hosts of the Docker file's instance (vw-, 10.239; one dockerd per host; za is the other MPI files'): NPB EP class S built inside each platform's
// container with the image's toolchain, run over MPI on 1 host and on 2 hosts (one rank a host), on a Podman and a
// Docker platform whose other benchmarks use their bridges; every run done and verified with NPB's process count, the
// stored command starting the ranks through `<runtime> run --rm --network=host`, the log saying the ranks' network, the
// facts naming the runtime; then nothing left (containers, networks, MPI keys, guest/run/MPI folders, links, routes,
// rules). The refusal of MPI on slirp4netns is a unit test (test/main/platforms/common/oci.test.ts) and shows in the
// acceptance script (test/e2e/acceptance/containers-campaign.ts) through the CLI.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { mountCgroups } from '../../../lab/cgroups.ts';
import { dockerDown, dockerUp } from '../../../lab/docker.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { ociBaseImages } from '../../../lab/oci-images.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli, labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';
import { mpiHostState, mpiRuns, mpiScenario, openResources } from '../support/mpi-campaign.ts';

const config: LabConfig = LAB_INSTANCES.docker;
// Podman's storage is the machine's, shared by every lab instance: only this file's platforms' names count.
const OURS = `grep -E '^virtlab-c[0-9]+-(dk|pod)(-[0-9]+)?$'`;
const LISTS = `podman ps -a --format "{{.Names}}" | ${OURS}; podman network ls --format "{{.Name}}" | ${OURS}; docker ps -a --format "{{.Names}}"; docker network ls --format "{{.Name}}"`;
let inv: LabInventory;
let data: LabData;
let npb: string;

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  for (const h of inv.hosts) await mountCgroups(h);
  await dockerUp(config, inv);
  // The lab's base image, with Open MPI of the hosts' version inside.
  const images = await ociBaseImages(inv);
  npb = npbTestTarball();
  data = await labDataDir(2, config);
  const db = openDatabase({ path: data.dbPath });
  try {
    const repos = createRepos(db);
    const define = (name: string, provider: 'docker' | 'podman', product: string, settings: Record<string, unknown>) =>
      definePlatform(repos, { name, technology: 'os-level', product, provider, isBaseline: false, endpoints: inv.hosts.map((h) => h.name), settings });
    define('dk', 'docker', 'Docker', { image: images.docker, network: 'bridge' });
    // Podman's network configs are the machine's, shared by every lab instance: a /16 no other file's platform uses by
    // default, or another data folder's campaign 1 on Podman's default /16 may hold the same /28.
    define('pod', 'podman', 'Podman', { image: images.podman, network: 'bridge', subnet: '10.94.0.0/16' });
  } finally {
    db.close();
  }
}, 300_000);

afterAll(async () => {
  data?.cleanup();
  if (npb) rmSync(npb, { force: true });
  if (inv) await dockerDown(config, inv);
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 120_000);

describe('MPI across Podman and Docker containers', () => {
  it('runs NPB EP over MPI on 1 and 2 hosts, one container per rank on the host network, and leaves nothing behind', async () => {
    const before = await mpiHostState(inv.hosts, LISTS);
    const file = join(data.dir, 'scenario.yaml');
    writeFileSync(file, mpiScenario('oci-mpi', ['dk', 'pod']));
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '300']);
    expect(await run.exit, `${run.stdout().slice(-3000)}\n${run.stderr()}`).toBe(0);
    const runs = mpiRuns(data, 1);
    expect(runs.map((r) => [r.platform, r.nodes, r.state, r.error])).toEqual([
      ['dk', 1, 'done', null],
      ['dk', 2, 'done', null],
      ['pod', 1, 'done', null],
      ['pod', 2, 'done', null],
    ]);
    for (const r of runs) {
      const runtime = r.platform === 'dk' ? 'docker' : 'podman';
      expect(r.stdout).toMatch(/Verification\s*=\s*SUCCESSFUL/);
      expect(r.stdout).toMatch(new RegExp(`Total number of processes:\\s+${r.nodes}\\b`));
      // The hosts' mpirun; every rank its own container of the image on the host network, the binary built inside.
      const command = r.command.join(' ').replace(/['\\]/g, '');
      expect(command).toMatch(
        new RegExp(
          `mpirun .*exec ${runtime} run --rm .*--network=host --pid=host --ipc=host .* virtlab-${runtime}-rank \\S*/\\.virtlab/guests/virtlab-c1-${r.platform}/\\.virtlab/npb/\\S*ep\\.S\\.\\w+`,
        ),
      );
      expect(r.container).toBe(runtime);
    }
    // The run's log says where the ranks ran (the platforms' bridges carry their other benchmarks, not MPI).
    expect(run.stdout()).toContain("through the platform's runtime, on the host network (one Docker container per rank with --network=host");
    expect(run.stdout()).toContain("through the platform's runtime, on the host network (one Podman container per rank with --network=host");
    expect(openResources(data)).toEqual([]);
    expect(await mpiHostState(inv.hosts, LISTS)).toBe(before);
  }, 420_000);
});
