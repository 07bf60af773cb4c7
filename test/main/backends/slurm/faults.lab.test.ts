// A Slurm campaign meeting Slurm's own faults (instance 'vq', 4 hosts, the CLI as a child process): a job scancelled
// from outside fails its run with Slurm's reason; a node set down (scontrol update state=down) under a job fails that
// run (NODE_FAIL) and the campaign goes on; a node that is down holds, queued with Slurm's reason, only the run that
// needs it while the run on the other nodes finishes, and once the node is resumed the held run ends too. Nothing is
// retried (retries: 0), so each failure is the run's own; sacct agrees.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inHost, labDown, type LabConfig } from '../../../lab/api.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
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

const scenario = (name: string, sizes: number[], durationSec: number) => `
name: ${name}
platforms: [slurm]
baseline: slurm
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [${sizes.join(', ')}], durationSec: ${durationSec} }
repetitions: 1
maxParallel: 2
failure: { retries: 0 }
`;

type Job = { id: string; name: string; nodes: string };
const ctl = () => lab.data.inv.hosts[0]!;
const squeue = async (state: string): Promise<(Job & { reason: string })[]> =>
  (await inHost(ctl(), ['squeue', '-h', '-t', state, '-o', '%i|%j|%N|%r']))
    .split('\n')
    .filter((l) => l.includes('|virtlab-'))
    .map((l) => {
      const [id, name, nodes, reason] = l.trim().split('|');
      return { id: id!, name: name!, nodes: nodes!, reason: reason! };
    });
const hostnames = async (list: string) => (await inHost(ctl(), ['scontrol', 'show', 'hostnames', list])).trim().split('\n');
const scontrolNode = (node: string, state: string) =>
  inHost(ctl(), ['scontrol', 'update', `nodename=${node}`, `state=${state}`, ...(state === 'down' ? ['reason=virtlab-lab-test'] : [])]);
const campaignOf = (name: string, run: Parameters<typeof until>[2]) =>
  until(
    `campaign ${name}`,
    async () => {
      try {
        return lab.campaignNamed(name);
      } catch {
        return undefined;
      }
    },
    run,
  );

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  run: { child: { exitCode: number | null }; stdout(): string },
  ms = 240_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (run.child.exitCode !== null || Date.now() > end) throw new Error(`never ${what}: ${run.stdout().slice(-2500)}`);
    await sleep(250);
  }
}

describe('a Slurm campaign meeting cancelled jobs and a node down', () => {
  it("an outside scancel fails its run with Slurm's reason, a node set down under a job fails that run; the campaign goes on", async () => {
    const def = cli(lab.data.dir, [
      'platforms',
      'define',
      'slurm',
      '--technology',
      'native',
      '--product',
      'lab hosts via Slurm',
      '--endpoints',
      `${lab.data.inv.prefix}-h0[1-4]`,
      '--backend',
      'slurm',
      '--backend-settings',
      lab.settings(10),
    ]);
    expect(await def.exit, def.stderr()).toBe(0);
    const file = join(lab.data.dir, 'faults.yaml');
    // Two netperf pairs at a time on the four nodes, a third after them; no retries, so each failure is the run's own.
    writeFileSync(file, scenario('faults', [1, 2, 4], 20));
    const run = cli(lab.data.dir, ['scenario', 'run', file, '--known-hosts', lab.data.inv.knownHostsPath, '--poll-ms', '300']);
    const [cancelled, downed] = await until(
      'two jobs running',
      async () => {
        const j = await squeue('RUNNING');
        return j.length >= 2 ? j : undefined;
      },
      run,
    );
    await inHost(ctl(), ['scancel', cancelled!.id]);
    const down = (await hostnames(downed!.nodes))[1]!;
    await scontrolNode(down, 'down');
    const id = await campaignOf('faults', run);
    // The node comes back once the run on it has failed, so the third run can go anywhere.
    await until(
      'the run on the downed node failed',
      async () => (lab.runsOf(id).rows.find((x) => x.jobId === downed!.id)?.state === 'failed' ? true : undefined),
      run,
    );
    await scontrolNode(down, 'resume');
    const code = await run.exit;
    expect(code, `${run.stdout().slice(-3000)}\n${run.stderr().slice(-2000)}`).toBe(0);
    const r = lab.runsOf(id);
    const byJob = new Map(r.rows.map((x) => [x.jobId, x]));
    expect(byJob.get(cancelled!.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^Slurm cancelled the job \(scancel by /) });
    expect(byJob.get(downed!.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^a node of the job failed \(Slurm: NODE_FAIL\)/) });
    expect(r.rows.map((x) => x.state).sort()).toEqual(['done', 'failed', 'failed']);
    expect(r.campaign.state).toBe('done');
    const acct = await lab.sacct(r.rows.flatMap((x) => (x.jobId ? [x.jobId] : [])));
    expect(acct.find((j) => j.jobId === cancelled!.id)?.state).toBe('CANCELLED by 0');
    expect(acct.find((j) => j.jobId === downed!.id)?.state).toBe('NODE_FAIL');
    console.log(`[slurm] cancelled job ${cancelled!.id}; node ${down} down under job ${downed!.id}; errors: ${r.rows.map((x) => x.error ?? '-').join(' | ')}`);
  }, 600_000);

  it("a node that is down holds only the run that needs it, queued with Slurm's reason, while the other run finishes", async () => {
    const down = `${lab.data.inv.prefix}-h04`;
    await scontrolNode(down, 'down');
    const file = join(lab.data.dir, 'held.yaml');
    writeFileSync(file, scenario('held', [1, 2], 3));
    // Both pairs start at once on the four endpoints: the one holding h04 waits in Slurm's queue.
    const run = cli(lab.data.dir, ['scenario', 'run', file, '--known-hosts', lab.data.inv.knownHostsPath, '--poll-ms', '300']);
    const id = await campaignOf('held', run);
    const held = await until(
      'a held run beside a done one',
      async () => {
        const pending = await squeue('PENDING');
        return pending.length && lab.runsOf(id).rows.some((x) => x.state === 'done') ? pending : undefined;
      },
      run,
    );
    expect(held).toHaveLength(1);
    expect(held[0]!.reason).toMatch(/^ReqNodeNotAvail/);
    expect(await hostnames(held[0]!.nodes === '' ? down : held[0]!.nodes).catch(() => [down])).toContain(down);
    expect(run.stdout()).toMatch(/queued \(ReqNodeNotAvail/);
    expect(lab.runsOf(id).rows.find((x) => x.jobId === held[0]!.id)?.state).toBe('running');
    await scontrolNode(down, 'resume');
    const code = await run.exit;
    expect(code, `${run.stdout().slice(-3000)}\n${run.stderr().slice(-2000)}`).toBe(0);
    const r = lab.runsOf(id);
    expect(r.rows.map((x) => x.state)).toEqual(['done', 'done']);
    expect(await lab.oneJobPerRun(r.rows)).toBe(2);
    console.log(`[slurm] held while ${down} was down: job ${held[0]!.id} (${held[0]!.reason})`);
  }, 600_000);
});
