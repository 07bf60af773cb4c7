// Native vs a container platform, both through the lab's Slurm (instance 'vq', 4 hosts, the CLI as a child process):
// the Charliecloud provider under the Slurm backend, as sites run containers under Slurm: its image unpacked on each
// node, and each run one sbatch job whose command runs inside ch-run on the node Slurm started it on (no daemon, no
// shared runtime state). One campaign: netperf TCP_RR, IOzone, NPB EP serial and OpenMP built inside the image, and NPB
// EP and IS over MPI on 1, 2 and 4 nodes (Slurm's srun starts every rank, through ch-run on the container platform:
// the hybrid model), to the end; one job per run in sacct, each container job's batch script (sacct -B) running ch-run
// and each native one not, every MPI job's script starting its ranks with srun; the container runs' facts say
// charliecloud. The 4 nodes share 2 cores: the platforms ask Open MPI to yield (mpiYieldWhenIdle).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { inHost, labDown, type LabConfig } from '../../../lab/api.ts';
import { labImage } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli } from '../../campaigns/support/lab-campaign.ts';
import { slurmCampaignLab, type SlurmCampaignLab } from './support/slurm-campaign.ts';

const config: LabConfig = LAB_INSTANCES.slurm;
let lab: SlurmCampaignLab;
let archive: string;

beforeAll(async () => {
  lab = await slurmCampaignLab(config, 4);
  archive = (await labImage('base')).path;
}, 300_000);

afterAll(async () => {
  lab?.data.cleanup();
  await labDown(config);
}, 120_000);

const SCENARIO = `
name: native vs charliecloud through slurm
platforms: [native-slurm, ch-slurm]
baseline: native-slurm
repetitions: 1
order: grouped
maxParallel: 2
runTimeoutSec: 600
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 1024, tests: [write, read] }
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [serial, openmp], threads: [2] }
  - benchmark: npb
    params: { kernels: [EP, IS], classes: [S], variants: [mpi], mpiNodes: [1, 2, 4] }
`;

describe('a container platform through Slurm (Charliecloud: ch-run inside the job)', () => {
  it('runs native and Charliecloud through Slurm to the end, one job per run, the container jobs inside ch-run', async () => {
    const hosts = `${lab.data.inv.prefix}-h0[1-4]`;
    for (const args of [
      [
        'platforms',
        'define',
        'native-slurm',
        '--technology',
        'native',
        '--product',
        'lab hosts via Slurm',
        '--endpoints',
        hosts,
        '--backend',
        'slurm',
        '--backend-settings',
        lab.settings(10, { mpiYieldWhenIdle: true }),
      ],
      [
        'platforms',
        'define',
        'ch-slurm',
        '--provider',
        'charliecloud',
        '--set',
        `imageArchive=${archive}`,
        '--endpoints',
        hosts,
        '--backend',
        'slurm',
        '--backend-settings',
        lab.settings(10, { mpiYieldWhenIdle: true }),
      ],
    ]) {
      const def = cli(lab.data.dir, args);
      expect(await def.exit, def.stderr()).toBe(0);
    }
    const file = join(lab.data.dir, 'ch.yaml');
    writeFileSync(file, SCENARIO);
    const run = cli(lab.data.dir, [
      'scenario',
      'run',
      file,
      '--known-hosts',
      lab.data.inv.knownHostsPath,
      '--npb-source',
      npbTestTarball(),
      '--poll-ms',
      '300',
      '--quiet',
    ]);
    const code = await run.exit;
    expect(code, `${run.stdout().slice(-3000)}\n${run.stderr().slice(-2000)}`).toBe(0);
    const id = lab.campaignNamed('native vs charliecloud through slurm');
    const r = lab.runsOf(id);
    expect(r).toMatchObject({ planned: 20, doneEntries: 20, doubled: 0, metricRuns: 20 });
    expect(await lab.oneJobPerRun(r.rows)).toBe(20);
    // The MPI runs held 1, 2 and 4 nodes, and Slurm gave each job exactly those.
    const mpi = r.rows.filter((x) => x.benchmark === 'npb-mpi');
    // (any free nodes: the pool places each run where it can, e.g. vq-h02 or vq-h[01,03])
    const count = (list: string | null) =>
      (list ?? '')
        .replace(/^[^[]*\[?|\]$/g, '')
        .split(',')
        .reduce((t, p) => t + (p.includes('-') ? Number(p.split('-')[1]) - Number(p.split('-')[0]) + 1 : 1), 0);
    expect(mpi.map((x) => `${x.nodes} ${count(x.nodeList)}`).sort()).toEqual(['1 1', '2 2', '4 4'].flatMap((n) => [n, n, n, n]).sort());

    const db = openDatabase({ path: lab.data.dbPath, readonly: true });
    const rows = (() => {
      try {
        return db
          .prepare(
            `SELECT r.job_id AS jobId, p.name AS platform, r.benchmark, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id
          LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = ? AND r.state = 'done'`,
          )
          .all(id) as { jobId: string; platform: string; benchmark: string; facts: string | null }[];
      } finally {
        db.close();
      }
    })();
    expect(rows).toHaveLength(20);
    // Slurm's own copy of each job's batch script: the container runs' commands go through ch-run on the node.
    for (const row of rows) {
      const script = await inHost(lab.data.inv.hosts[0]!, ['sacct', '-B', '-j', row.jobId]);
      expect(script, `${row.platform} ${row.benchmark} job ${row.jobId}`).toContain('virtlab-run');
      if (row.platform === 'ch-slurm') expect(script, `job ${row.jobId}`).toContain('ch-run');
      else expect(script, `job ${row.jobId}`).not.toContain('ch-run');
      if (row.benchmark === 'npb-mpi') {
        // (quoted in the script: '--mpi=pmix')
        expect(script, `job ${row.jobId}`).toMatch(/srun\W+--mpi=pmix/);
        expect(script, `job ${row.jobId}`).toContain('OMPI_MCA_mpi_yield_when_idle=1');
      }
    }
    for (const row of rows) {
      const v = (JSON.parse(row.facts ?? '{}') as { virtualization?: { container: string | null } }).virtualization;
      expect([row.platform, row.benchmark, v?.container === 'charliecloud']).toEqual([row.platform, row.benchmark, row.platform === 'ch-slurm']);
    }
  }, 900_000);
});
