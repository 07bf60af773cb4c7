// The Slurm backend against the lab's real Slurm (instance 'vq': munged, slurmctld, one slurmd per host): jobs go
// through the login host's verified SSH session, one squeue a poll round for all of them, Slurm's reasons for jobs it
// ends, and Slurm's own job completion log shows exactly one job per run.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobHandle, JobState } from '../../../../main/backends/backend.ts';
import { SlurmBackend } from '../../../../main/backends/slurm/backend.ts';
import { mpiLaunchArgv } from '../../../../main/backends/slurm/sbatch.ts';
import { parseSlurmSettings, type SlurmSettings } from '../../../../main/backends/slurm/settings.ts';
import { exitWords } from '../../../../main/backends/slurm/states.ts';
import type { SshSession } from '../../../../main/backends/ssh/backend.ts';
import type { SshPool } from '../../../../main/ssh/pool.ts';
import { inHost, labDown, labUp, slurmUp, type LabInventory, type LabSlurm } from '../../../lab/api.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { openLab } from '../../ssh/support/lab.ts';

const config = LAB_INSTANCES.slurm;
let inv: LabInventory;
let slurm: LabSlurm;
let pool: SshPool;
let login: SshSession;
let settings: SlurmSettings;
const run = `t${Date.now().toString(36)}`;

beforeAll(async () => {
  inv = await labUp({ hosts: 4, config });
  slurm = await slurmUp(config, inv);
  const lab = await openLab(config);
  pool = lab.pool();
  login = { host: pool.host(lab.rootEndpoint(inv.hosts[0]!)), name: inv.hosts[0]!.name };
  const s = parseSlurmSettings({ login: inv.hosts[0]!.name, partition: slurm.partition, timeLimitMin: 5, workDir: slurm.work });
  if (!s.ok) throw new Error(s.error);
  settings = s.settings;
}, 180_000);

afterAll(async () => {
  await pool?.closeAll();
  await labDown(config);
}, 120_000);

const sh = (script: string) => ['sh', '-c', script, 'virtlab-job'];
const done = (s: JobState | undefined) => !!s && s.state !== 'queued' && s.state !== 'running';

/** Polls all handles together until each has ended; returns the final states and the number of poll rounds. */
async function untilEnded(b: SlurmBackend, handles: JobHandle[], timeoutMs = 90_000): Promise<{ states: Map<string, JobState>; rounds: number }> {
  const deadline = Date.now() + timeoutMs;
  for (let rounds = 1; ; rounds++) {
    const states = await b.poll(login, handles);
    if (handles.every((h) => done(states.get(h.runId)))) return { states, rounds };
    if (Date.now() > deadline) throw new Error(`jobs not ended: ${JSON.stringify([...states])}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function untilState(b: SlurmBackend, h: JobHandle, want: JobState['state']): Promise<JobState> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const s = (await b.poll(login, [h])).get(h.runId)!;
    if (s.state === want) return s;
    if (Date.now() > deadline) throw new Error(`run ${h.runId} never ${want}: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const jobcompLines = (jobId: string) =>
  readFileSync(slurm.jobcomp, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith(`JobId=${jobId} `));

// One rank a node: rank, size and the node it ran on, through PMIx (real Open MPI, built here).
const MPI_HELLO = `#include <mpi.h>
#include <stdio.h>
int main(int c, char **v) { int r, n, l; char h[MPI_MAX_PROCESSOR_NAME];
  MPI_Init(&c, &v); MPI_Comm_rank(MPI_COMM_WORLD, &r); MPI_Comm_size(MPI_COMM_WORLD, &n); MPI_Get_processor_name(h, &l);
  int sum = 0; MPI_Allreduce(&r, &sum, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  printf("rank %d of %d on %s sum %d\\n", r, n, h, sum); MPI_Finalize(); return 0; }
`;

describe('Slurm backend on the lab', () => {
  it('plans against the partition: says what it asks for, refuses too many nodes or too long a limit', async () => {
    const b = new SlurmBackend(settings);
    const ok = await b.plan(login, [
      { nodes: 1, timeLimitSec: 300 },
      { nodes: 4, timeLimitSec: 300 },
    ]);
    expect(ok.problems).toEqual([]);
    expect(ok.demand).toMatchObject({ jobs: 2, jobsByNodes: { 1: 1, 4: 1 } });
    const bad = await b.plan(login, [
      { nodes: 5, timeLimitSec: 300 },
      { nodes: 1, timeLimitSec: 2 * 3600 },
    ]);
    expect(bad.problems).toEqual([
      `1 run(s) need 5 nodes; partition ${slurm.partition} has 4`,
      `a run's time limit (120 min) is above partition ${slurm.partition}'s (60 min)`,
    ]);
  });

  it('runs serial, 2-node and MPI (srun --mpi=pmix on 1, 2, 4 nodes) jobs to the end: one squeue a round, one Slurm job a run', async () => {
    const src = resolve(slurm.work, `${run}-hello.c`);
    const bin = resolve(slurm.work, `${run}-hello`);
    writeFileSync(src, MPI_HELLO);
    await inHost(inv.hosts[0]!, ['mpicc', '-o', bin, src]);
    const b = new SlurmBackend(settings);
    const jobs = [
      { runId: `${run}-serial`, command: sh('echo serial on $(hostname); echo to-stderr >&2; exit 3'), nodes: 1 },
      { runId: `${run}-pair`, command: sh('srun hostname | sort'), nodes: 2 },
      ...[1, 2, 4].map((n) => ({ runId: `${run}-mpi${n}`, command: [...mpiLaunchArgv(settings, n), bin], nodes: n })),
    ];
    const handles: JobHandle[] = [];
    for (const j of jobs) handles.push(await b.submit(login, j));
    const before = b.slurmCommands;
    const { states, rounds } = await untilEnded(b, handles);
    // Batched: every poll round is one squeue for all five runs, plus one sacct for all the jobs that round saw ended
    // (the accounting record decides a finished job's state): never one command per run.
    expect(b.slurmCommands - before).toBeGreaterThanOrEqual(rounds);
    expect(b.slurmCommands - before).toBeLessThanOrEqual(2 * rounds);
    expect(states.get(`${run}-serial`)).toEqual({ state: 'exited', code: 3, nodeList: expect.stringMatching(/^vq-h0\d$/) });
    const serial = await b.collect(login, handles[0]!);
    expect(serial).toMatchObject({ exitCode: 3, stderr: 'to-stderr\n', stdout: expect.stringMatching(/^serial on vq-h0\d\n$/) });
    const pair = await b.collect(login, handles[1]!);
    expect(pair.exitCode).toBe(0);
    expect(pair.stdout.trim().split('\n')).toHaveLength(2);
    // The nodes Slurm gave the job (SLURM_JOB_NODELIST, recorded by the job) are the ones squeue reported.
    expect(pair.nodeList).toBe((states.get(`${run}-pair`) as { nodeList?: string }).nodeList);
    for (const n of [1, 2, 4]) {
      const out = await b.collect(login, handles[2 + [1, 2, 4].indexOf(n)]!);
      expect(out.exitCode).toBe(0);
      const lines = out.stdout.trim().split('\n').sort();
      expect(lines).toHaveLength(n);
      const sum = (n * (n - 1)) / 2;
      expect(new Set(lines.map((l) => / on (\S+) /.exec(l)![1])).size).toBe(n);
      expect(lines.every((l, k) => l.startsWith(`rank ${k} of ${n} on `) && l.endsWith(` sum ${sum}`))).toBe(true);
    }
    for (const h of handles) {
      expect(jobcompLines(h.id)).toHaveLength(1);
      await b.release(login, h);
    }
  });

  it('srun --mpi=pmix steps get the ring PMIx fence in their environment, and a rank that fails ends the step', async () => {
    const b = new SlurmBackend(settings);
    const probe = await b.submit(login, {
      runId: `${run}-fence`,
      command: [...mpiLaunchArgv(settings, 2), 'sh', '-c', 'printf "%s %s\\n" "$SLURM_PROCID" "$SLURM_PMIX_FENCE"'],
      nodes: 2,
    });
    // Rank 0 fails at once, rank 1 would sleep 10 minutes: without --kill-on-bad-exit the job outlives this test.
    const bad = await b.submit(login, {
      runId: `${run}-badrank`,
      command: [...mpiLaunchArgv(settings, 2), 'sh', '-c', '[ "$SLURM_PROCID" = 0 ] && exit 7; exec sleep 600'],
      nodes: 2,
    });
    const { states } = await untilEnded(b, [probe, bad]);
    expect(states.get(probe.runId)).toMatchObject({ state: 'exited', code: 0 });
    expect((await b.collect(login, probe)).stdout.trim().split('\n').sort()).toEqual(['0 ring', '1 ring']);
    // srun ended rank 1 (SIGTERM) as soon as rank 0 failed, and failed itself.
    expect(states.get(bad.runId)).toMatchObject({ state: 'exited', code: expect.any(Number) });
    expect((states.get(bad.runId) as { code: number }).code).not.toBe(0);
    const out = await b.collect(login, bad);
    expect(out.exitCode).not.toBe(0);
    // One exit for the job, as its status file says (srun: 143 after terminating rank 1), not sacct's "15:0".
    expect(out.exitCode).toBe(143);
    expect(states.get(bad.runId)).toMatchObject({ code: out.exitCode });
    expect(out.stderr).toMatch(/task 0: Exited with exit code 7/);
    for (const h of [probe, bad]) {
      expect(jobcompLines(h.id)).toHaveLength(1);
      await b.release(login, h);
    }
  });

  it("an external scancel fails the run with Slurm's reason", async () => {
    const b = new SlurmBackend(settings);
    const h = await b.submit(login, { runId: `${run}-cancelled`, command: sh('sleep 120'), nodes: 1 });
    await untilState(b, h, 'running');
    await inHost(inv.hosts[1]!, ['scancel', h.id]);
    const s = await untilState(b, h, 'failed');
    expect(s).toMatchObject({ state: 'failed', reason: expect.stringContaining('Slurm cancelled the job') });
    // How the script itself ended is a race Slurm runs: scancel sends SIGTERM, then SIGKILL after KillWait to what is
    // left (exit 143 and 137 both seen here), and a record closed before the batch step reported has none. What holds
    // either way: the run failed with Slurm's reason, and an exit it knows is a signal's, in the state and in words.
    const again = (await b.poll(login, [h])).get(h.runId)! as JobState & { code?: number; reason?: string };
    expect(again).toMatchObject({ state: 'failed', reason: expect.stringContaining('Slurm cancelled the job') });
    if (again.code) {
      expect([143, 137]).toContain(again.code);
      expect(again.reason).toContain(`its script ended with ${exitWords(again.code)}`);
    }
    // The status file, where the shell lived to write it.
    expect([143, 137, null]).toContain((await b.collect(login, h)).exitCode);
  });

  it('a node set down fails the run on it with the reason; a run on another node finishes; one needing every node is held', async () => {
    const b = new SlurmBackend(settings);
    // Pinning a run to a node is an extra sbatch option a site may use; here it puts one run on the node set down.
    const pinned = (node: string) => new SlurmBackend({ ...settings, extraSbatch: [`--nodelist=${node}`] });
    const victim = await pinned(inv.hosts[3]!.name).submit(login, { runId: `${run}-victim`, command: sh('sleep 120'), nodes: 1 });
    const bystander = await pinned(inv.hosts[1]!.name).submit(login, { runId: `${run}-bystander`, command: sh('sleep 4; echo fine'), nodes: 1 });
    await untilState(b, victim, 'running');
    await untilState(b, bystander, 'running');
    await inHost(inv.hosts[0]!, ['scontrol', 'update', `nodename=${inv.hosts[3]!.name}`, 'state=down', 'reason=lab-test']);
    const wide = await b.submit(login, { runId: `${run}-wide`, command: sh('true'), nodes: 4 });
    const v = await untilState(b, victim, 'failed');
    // Never requeued (a second execution of the same run): the run fails with the reason.
    expect(v).toMatchObject({ reason: expect.stringContaining('NODE_FAIL') });
    expect((await untilEnded(b, [bystander])).states.get(bystander.runId)).toMatchObject({ state: 'exited', code: 0 });
    const held = (await b.poll(login, [wide])).get(wide.runId)!;
    expect(held).toMatchObject({
      state: 'queued',
      reason: expect.stringMatching(/ReqNodeNotAvail|Resources|PartitionNodeLimit|NodeDown|Nodes required for job are DOWN/),
    });
    const c = await b.cancel(login, wide);
    expect(c.signal).toBe('scancel');
    // Back in service for what follows (ReturnToService may have done it already when its slurmd re-registered).
    const st = await inHost(inv.hosts[0]!, ['sinfo', '-h', '-n', inv.hosts[3]!.name, '-o', '%T']);
    if (/down|drain/.test(st)) await inHost(inv.hosts[0]!, ['scontrol', 'update', `nodename=${inv.hosts[3]!.name}`, 'state=resume']);
  });

  it('a VirtLab that lost its handles finds its jobs by run id: adopted, never submitted twice', async () => {
    const first = new SlurmBackend(settings);
    const ids = [`${run}-r1`, `${run}-r2`];
    const submitted = await Promise.all(ids.map((runId) => first.submit(login, { runId, command: sh('sleep 2; echo once'), nodes: 1 })));
    // A new process knows only the run ids it stored before it died.
    const resumed = new SlurmBackend(settings);
    const found = await resumed.find(login, [...ids, `${run}-never-submitted`]);
    expect([...found.keys()].sort()).toEqual(ids);
    const adopted = ids.map((runId) => ({ runId, id: found.get(runId)![0]!.jobId }));
    expect(adopted).toEqual(submitted);
    const { states } = await untilEnded(resumed, adopted);
    for (const h of adopted) {
      expect(states.get(h.runId)).toMatchObject({ state: 'exited', code: 0 });
      expect((await resumed.collect(login, h)).stdout).toBe('once\n');
      expect(jobcompLines(h.id)).toHaveLength(1);
    }
    const names = readFileSync(slurm.jobcomp, 'utf8')
      .split('\n')
      .filter((l) => ids.some((id) => l.includes(` Name=virtlab-${id} `)));
    expect(names).toHaveLength(2);
  });
});
