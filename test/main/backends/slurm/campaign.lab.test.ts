// Campaigns through the lab's real Slurm (instance 'vq': munged, slurmctld, slurmdbd, one slurmd per host), driven by
// the CLI as a child process: a platform naming the Slurm backend (login endpoint, partition, time limit, shared work
// folder), the plan saying what it asks of Slurm, netperf + IOzone + NPB EP (serial, OpenMP, MPI on 1, 2, 4 nodes
// through srun --mpi=pmix, from the lab's NPB-compatible tree) run to the end with exactly one Slurm job per run
// (`sacct`: the lab's Slurm keeps accounting in its own slurmdbd), the nodes each job got stored and shown; a
// partition that cannot hold the runs refuses before anything is submitted; SIGKILL of VirtLab while a job is queued
// and another runs, then resume: every run done once, none lost, none doubled, checked against sacct.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inHost, labDown, type LabConfig } from '../../../lab/api.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli } from '../../campaigns/support/lab-campaign.ts';
import { sleep, slurmCampaignLab, type SlurmCampaignLab } from './support/slurm-campaign.ts';

const config: LabConfig = LAB_INSTANCES.slurm;
let lab: SlurmCampaignLab;

beforeAll(async () => {
  lab = await slurmCampaignLab(config, 4);
}, 240_000);

afterAll(async () => {
  lab?.data.cleanup();
  await labDown(config);
}, 120_000);

const prefix = () => lab.data.inv.prefix;

const SCENARIO = (platform: string) => `
name: through slurm ${platform}
platforms: [${platform}]
baseline: ${platform}
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [serial, openmp, mpi], threads: [2], mpiNodes: [1, 2, 4] }
repetitions: 1
maxParallel: 3
`;

describe('campaigns through Slurm (CLI, real Slurm, real benchmarks)', () => {
  it('defines a platform on Slurm, plans what it asks of Slurm, runs everything to the end with one job per run', async () => {
    const def = cli(lab.data.dir, [
      'platforms',
      'define',
      'slurm',
      '--technology',
      'native',
      '--product',
      'lab hosts via Slurm',
      '--endpoints',
      `${prefix()}-h0[1-4]`,
      '--backend',
      'slurm',
      '--backend-settings',
      lab.settings(10),
    ]);
    expect(await def.exit, def.stderr()).toBe(0);
    expect(def.stdout()).toMatch(/runs through slurm/);
    const bad = cli(lab.data.dir, [
      'platforms',
      'define',
      'bad',
      '--technology',
      'native',
      '--product',
      'x',
      '--endpoints',
      `${prefix()}-h01`,
      '--backend',
      'slurm',
      '--backend-settings',
      JSON.stringify({ login: `${prefix()}-h01`, timeLimitMin: 10, workDir: '/x', extraSbatch: ['--nodes=9'] }),
    ]);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toMatch(/VirtLab sets this sbatch option itself/);
    const nowhere = cli(lab.data.dir, [
      'platforms',
      'define',
      'bad',
      '--technology',
      'native',
      '--product',
      'x',
      '--endpoints',
      `${prefix()}-h01`,
      '--backend',
      'slurm',
      '--backend-settings',
      JSON.stringify({ login: 'nowhere', timeLimitMin: 10, workDir: '/x' }),
    ]);
    expect(await nowhere.exit).toBe(2);
    expect(nowhere.stderr()).toMatch(/no host named "nowhere"/);

    const file = join(lab.data.dir, 'slurm.yaml');
    writeFileSync(file, SCENARIO('slurm'));
    const plan = cli(lab.data.dir, ['scenario', 'plan', file]);
    expect(await plan.exit, plan.stderr()).toBe(0);
    // netperf pair (2 nodes), IOzone (1), NPB serial + OpenMP (1 each), MPI on 1, 2, 4: 7 jobs, at most 10 min each.
    expect(plan.stdout()).toContain(
      `slurm: Slurm partition ${lab.slurm.partition}: 7 job(s) (4 x 1 node, 2 x 2 nodes, 1 x 4 nodes), 10 min each at most, at most 2.00 node-hours`,
    );

    const before = (await lab.sacct()).length;
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
    const id = lab.campaignNamed('through slurm slurm');
    const r = lab.runsOf(id);
    expect(r).toMatchObject({ planned: 7, doneEntries: 7, doubled: 0, metricRuns: 7 });
    expect(r.rows.every((x) => x.state === 'done')).toBe(true);
    expect(await lab.oneJobPerRun(r.rows)).toBe(7);
    expect((await lab.sacct()).length - before).toBe(7);
    // The nodes each job got: the MPI run on 4 nodes had all of them, the netperf pair two.
    const mpi4 = r.rows.find((x) => x.benchmark === 'npb-mpi' && x.nodes === 4)!;
    expect(mpi4.nodeList).toBe(`${prefix()}-h[01-04]`);
    expect(r.rows.find((x) => x.benchmark === 'netperf')!.nodeList).toMatch(new RegExp(`^${prefix()}-h\\[\\d\\d[,-]\\d\\d\\]$`));
    const status = cli(lab.data.dir, ['campaign', 'status', String(id), '--runs']);
    expect(await status.exit).toBe(0);
    expect(status.stdout()).toContain(`job ${mpi4.jobId} on nodes ${prefix()}-h[01-04]`);
  }, 900_000);

  it("refuses before submitting anything when the partition cannot hold a run (time limit above the partition's)", async () => {
    const def = cli(lab.data.dir, [
      'platforms',
      'define',
      'slurm-long',
      '--technology',
      'native',
      '--product',
      'lab hosts via Slurm',
      '--endpoints',
      `${prefix()}-h0[1-4]`,
      '--backend',
      'slurm',
      '--backend-settings',
      lab.settings(120),
    ]);
    expect(await def.exit, def.stderr()).toBe(0);
    const file = join(lab.data.dir, 'long.yaml');
    writeFileSync(file, SCENARIO('slurm-long'));
    const before = (await lab.sacct()).length;
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
    await run.exit;
    const r = lab.runsOf(lab.campaignNamed('through slurm slurm-long'));
    expect(r.campaign.paused).toBe(1);
    expect(r.campaign.reason).toBe(`nothing submitted: platform slurm-long: a run's time limit (120 min) is above partition ${lab.slurm.partition}'s (60 min)`);
    expect(r.rows.every((x) => x.state === 'planned' && x.remote === null)).toBe(true);
    await sleep(500);
    expect((await lab.sacct()).length).toBe(before);
  }, 120_000);

  it('SIGKILL while a job is queued and another runs, then resume: every run done once, checked against Slurm', async () => {
    // Someone else's job holds node 4: runs that need it wait in Slurm's queue until it is cancelled after the kill.
    const blocker = (
      await inHost(lab.data.inv.hosts[0]!, [
        'sbatch',
        '--parsable',
        '--exclusive',
        `--nodelist=${prefix()}-h04`,
        '-N1',
        '--job-name=someone-else',
        `--chdir=${lab.slurm.work}`,
        '--output=/dev/null',
        '--wrap',
        'sleep 600',
      ])
    ).trim();
    const file = join(lab.data.dir, 'kill.yaml');
    writeFileSync(file, SCENARIO('slurm').replace('name: through slurm slurm', 'name: killed').replace('maxParallel: 3', 'maxParallel: 4'));
    const first = cli(lab.data.dir, [
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
    const squeue = async () => (await inHost(lab.data.inv.hosts[0]!, ['squeue', '-h', '-o', '%j %T'])).split('\n').filter((l) => l.startsWith('virtlab-'));
    const end = Date.now() + 300_000;
    let seen: string[] = [];
    let pendingSince = 0;
    for (;;) {
      seen = await squeue();
      const pending = seen.some((l) => l.endsWith(' PENDING'));
      if (pending && !pendingSince) pendingSince = Date.now();
      // A queued and a running job at once; or a queued one alone for 20 s (the 4-node run holds every endpoint).
      if (pending && (seen.some((l) => l.endsWith(' RUNNING')) || Date.now() - pendingSince > 20_000)) break;
      if (first.child.exitCode !== null || Date.now() > end) throw new Error(`never a queued job: ${seen.join('; ')} ${first.stderr().slice(-1000)}`);
      await sleep(150);
    }
    first.child.kill('SIGKILL');
    await first.exit;
    await inHost(lab.data.inv.hosts[0]!, ['scancel', blocker]);
    const id = lab.campaignNamed('killed');
    const at = lab.runsOf(id);
    const underWay = at.rows.filter((x) => ['installing', 'running', 'parsing'].includes(x.state));
    expect(underWay.length).toBeGreaterThan(0);
    const resume = cli(lab.data.dir, ['campaign', 'resume', String(id), '--quiet']);
    const code = await resume.exit;
    expect(code, `${resume.stdout().slice(-3000)}\n${resume.stderr().slice(-2000)}`).toBe(0);
    const r = lab.runsOf(id);
    expect(r).toMatchObject({ planned: 7, doneEntries: 7, doubled: 0, metricRuns: 7 });
    await lab.oneJobPerRun(r.rows);
    // Runs under way at the kill were found again by their job, not submitted again.
    for (const u of underWay.filter((x) => x.jobId)) expect(r.rows.find((x) => x.id === u.id)?.jobId).toBe(u.jobId);
    expect((await lab.sacct()).filter((j) => j.jobId === blocker)).toMatchObject([{ name: 'someone-else', state: 'CANCELLED by 0' }]);
    console.log(
      `[slurm] at the kill: squeue ${seen.join(', ')}; runs ${underWay.map((x) => `${x.benchmark} ${x.state} job ${x.jobId ?? '-'}`).join(', ')}; after resume: ${JSON.stringify(r.states)}`,
    );
  }, 900_000);
});
