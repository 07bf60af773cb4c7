// Campaigns through the lab's real Slurm (instance 'vq': munged, slurmctld, one slurmd per host), driven by the CLI
// as a child process: a platform naming the Slurm backend (login endpoint, partition, time limit, shared work folder),
// the plan saying what it asks of Slurm, netperf + IOzone + NPB EP (serial, OpenMP, MPI on 1, 2, 4 nodes through
// srun --mpi=pmix, from the lab's NPB-compatible tree) run to the end with exactly one Slurm job per run (Slurm's own
// job completion log: the lab has no slurmdbd), the nodes each job got stored and shown; a partition that cannot hold
// the runs refuses before anything is submitted; SIGKILL of VirtLab while a job is queued and another runs, then
// resume: every run done once, none lost, none doubled, checked against Slurm's records.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { inHost, labDown, labUp, slurmUp, type LabConfig, type LabSlurm } from '../../../lab/api.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli, labDataDir, runFacts, type LabData } from '../../campaigns/support/lab-campaign.ts';

const config: LabConfig = LAB_INSTANCES.slurm;
let data: LabData;
let slurm: LabSlurm;

beforeAll(async () => {
  const inv = await labUp({ hosts: 4, config });
  slurm = await slurmUp(config, inv);
  data = await labDataDir(4, config);
}, 240_000);

afterAll(async () => {
  data?.cleanup();
  await labDown(config);
}, 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const prefix = () => data.inv.prefix;
const settings = (timeLimitMin: number) => JSON.stringify({ login: `${prefix()}-h01`, partition: slurm.partition, timeLimitMin, workDir: slurm.work });

/** Slurm's job completion log: one record per finished job, its name and the nodes it had. */
function jobcomp(): { jobId: string; name: string; state: string; nodes: string }[] {
  return readFileSync(slurm.jobcomp, 'utf8').split('\n').filter((l) => l.startsWith('JobId=')).map((l) => ({
    jobId: /^JobId=(\d+)/.exec(l)![1]!, name: /\bName=(\S+)/.exec(l)?.[1] ?? '', state: /\bJobState=(\S+)/.exec(l)?.[1] ?? '', nodes: /\bNodeList=(\S+)/.exec(l)?.[1] ?? '',
  }));
}

/** A campaign's id by its scenario's name (each test starts its own). */
function campaignNamed(name: string): number {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return (db.prepare('SELECT c.id FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id WHERE s.name = ? ORDER BY c.id DESC').get(name) as { id: number }).id;
  } finally { db.close(); }
}

function runsOf(id: number) {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    const rows = db.prepare(`SELECT r.id, r.plan_index AS p, r.state, r.benchmark, r.node_count AS nodes, r.remote_run_id AS remote, r.job_id AS jobId, r.node_list AS nodeList, r.error
      FROM runs r WHERE r.campaign_id = ? ORDER BY r.id`).all(id) as { id: number; p: number; state: string; benchmark: string; nodes: number; remote: string | null; jobId: string | null; nodeList: string | null; error: string | null }[];
    const c = db.prepare('SELECT state, paused, pause_reason AS reason FROM campaigns WHERE id = ?').get(id) as { state: string; paused: number; reason: string | null };
    return { rows, campaign: c, ...runFacts(db, id) };
  } finally { db.close(); }
}

/** Every submitted run has exactly one Slurm job and every job of these runs is one run's: none lost, none doubled. */
function oneJobPerRun(rows: ReturnType<typeof runsOf>['rows']) {
  const submitted = rows.filter((r) => r.remote !== null);
  const byName = new Map<string, { jobId: string; nodes: string }[]>();
  for (const j of jobcomp()) byName.set(j.name, [...(byName.get(j.name) ?? []), j]);
  for (const r of submitted.filter((x) => x.state === 'done')) {
    const jobs = byName.get(`virtlab-${r.remote}`) ?? [];
    expect(jobs.length, `run ${r.id} ${r.benchmark}`).toBe(1);
    expect(jobs[0]!.jobId).toBe(r.jobId);
    expect(jobs[0]!.nodes, `run ${r.id} ${r.benchmark}`).toBe(r.nodeList);
  }
  const ours = new Set(submitted.map((r) => `virtlab-${r.remote}`));
  for (const [name, jobs] of byName) if (ours.has(name)) expect(jobs.length, name).toBe(1);
  return submitted.length;
}

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
    const def = cli(data.dir, ['platforms', 'define', 'slurm', '--technology', 'native', '--product', 'lab hosts via Slurm', '--endpoints', `${prefix()}-h0[1-4]`,
      '--backend', 'slurm', '--backend-settings', settings(10)]);
    expect(await def.exit, def.stderr()).toBe(0);
    expect(def.stdout()).toMatch(/runs through slurm/);
    const bad = cli(data.dir, ['platforms', 'define', 'bad', '--technology', 'native', '--product', 'x', '--endpoints', `${prefix()}-h01`,
      '--backend', 'slurm', '--backend-settings', JSON.stringify({ login: `${prefix()}-h01`, timeLimitMin: 10, workDir: '/x', extraSbatch: ['--nodes=9'] })]);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toMatch(/VirtLab sets this sbatch option itself/);
    const nowhere = cli(data.dir, ['platforms', 'define', 'bad', '--technology', 'native', '--product', 'x', '--endpoints', `${prefix()}-h01`,
      '--backend', 'slurm', '--backend-settings', JSON.stringify({ login: 'nowhere', timeLimitMin: 10, workDir: '/x' })]);
    expect(await nowhere.exit).toBe(2);
    expect(nowhere.stderr()).toMatch(/no host named "nowhere"/);

    const file = join(data.dir, 'slurm.yaml');
    writeFileSync(file, SCENARIO('slurm'));
    const plan = cli(data.dir, ['scenario', 'plan', file]);
    expect(await plan.exit, plan.stderr()).toBe(0);
    // netperf pair (2 nodes), IOzone (1), NPB serial + OpenMP (1 each), MPI on 1, 2, 4: 7 jobs, at most 10 min each.
    expect(plan.stdout()).toContain(`slurm: Slurm partition ${slurm.partition}: 7 job(s) (4 x 1 node, 2 x 2 nodes, 1 x 4 nodes), 10 min each at most, at most 2.00 node-hours`);

    const before = jobcomp().length;
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--npb-source', npbTestTarball(), '--poll-ms', '300', '--quiet']);
    const code = await run.exit;
    expect(code, `${run.stdout().slice(-3000)}\n${run.stderr().slice(-2000)}`).toBe(0);
    const id = campaignNamed('through slurm slurm');
    const r = runsOf(id);
    expect(r).toMatchObject({ planned: 7, doneEntries: 7, doubled: 0, metricRuns: 7 });
    expect(r.rows.every((x) => x.state === 'done')).toBe(true);
    expect(oneJobPerRun(r.rows)).toBe(7);
    expect(jobcomp().length - before).toBe(7);
    // The nodes each job got: the MPI run on 4 nodes had all of them, the netperf pair two.
    const mpi4 = r.rows.find((x) => x.benchmark === 'npb-mpi' && x.nodes === 4)!;
    expect(mpi4.nodeList).toBe(`${prefix()}-h[01-04]`);
    expect(r.rows.find((x) => x.benchmark === 'netperf')!.nodeList).toMatch(new RegExp(`^${prefix()}-h\\[\\d\\d[,-]\\d\\d\\]$`));
    const status = cli(data.dir, ['campaign', 'status', String(id), '--runs']);
    expect(await status.exit).toBe(0);
    expect(status.stdout()).toContain(`job ${mpi4.jobId} on nodes ${prefix()}-h[01-04]`);
  }, 900_000);

  it('refuses before submitting anything when the partition cannot hold a run (time limit above the partition\'s)', async () => {
    const def = cli(data.dir, ['platforms', 'define', 'slurm-long', '--technology', 'native', '--product', 'lab hosts via Slurm', '--endpoints', `${prefix()}-h0[1-4]`,
      '--backend', 'slurm', '--backend-settings', settings(120)]);
    expect(await def.exit, def.stderr()).toBe(0);
    const file = join(data.dir, 'long.yaml');
    writeFileSync(file, SCENARIO('slurm-long'));
    const before = jobcomp().length;
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--npb-source', npbTestTarball(), '--poll-ms', '300', '--quiet']);
    await run.exit;
    const r = runsOf(campaignNamed('through slurm slurm-long'));
    expect(r.campaign.paused).toBe(1);
    expect(r.campaign.reason).toBe(`nothing submitted: platform slurm-long: a run's time limit (120 min) is above partition ${slurm.partition}'s (60 min)`);
    expect(r.rows.every((x) => x.state === 'planned' && x.remote === null)).toBe(true);
    await sleep(500);
    expect(jobcomp().length).toBe(before);
  }, 120_000);

  it('SIGKILL while a job is queued and another runs, then resume: every run done once, checked against Slurm', async () => {
    // Someone else's job holds node 4: runs that need it wait in Slurm's queue until it is cancelled after the kill.
    const blocker = (await inHost(data.inv.hosts[0]!, ['sbatch', '--parsable', '--exclusive', `--nodelist=${prefix()}-h04`, '-N1', '--job-name=someone-else',
      `--chdir=${slurm.work}`, '--output=/dev/null', '--wrap', 'sleep 600'])).trim();
    const file = join(data.dir, 'kill.yaml');
    writeFileSync(file, SCENARIO('slurm').replace('name: through slurm slurm', 'name: killed').replace('maxParallel: 3', 'maxParallel: 4'));
    const first = cli(data.dir, ['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--npb-source', npbTestTarball(), '--poll-ms', '300', '--quiet']);
    const squeue = async () => (await inHost(data.inv.hosts[0]!, ['squeue', '-h', '-o', '%j %T'])).split('\n').filter((l) => l.startsWith('virtlab-'));
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
    await inHost(data.inv.hosts[0]!, ['scancel', blocker]);
    const id = campaignNamed('killed');
    const at = runsOf(id);
    const underWay = at.rows.filter((x) => ['installing', 'running', 'parsing'].includes(x.state));
    expect(underWay.length).toBeGreaterThan(0);
    const resume = cli(data.dir, ['campaign', 'resume', String(id), '--quiet']);
    const code = await resume.exit;
    expect(code, `${resume.stdout().slice(-3000)}\n${resume.stderr().slice(-2000)}`).toBe(0);
    const r = runsOf(id);
    expect(r).toMatchObject({ planned: 7, doneEntries: 7, doubled: 0, metricRuns: 7 });
    oneJobPerRun(r.rows);
    // Runs under way at the kill were found again by their job, not submitted again.
    for (const u of underWay.filter((x) => x.jobId)) expect(r.rows.find((x) => x.id === u.id)?.jobId).toBe(u.jobId);
    expect(jobcomp().filter((j) => j.jobId === blocker)).toHaveLength(1);
    console.log(`[slurm] at the kill: squeue ${seen.join(', ')}; runs ${underWay.map((x) => `${x.benchmark} ${x.state} job ${x.jobId ?? '-'}`).join(', ')}; after resume: ${JSON.stringify(r.states)}`);
  }, 900_000);
});
