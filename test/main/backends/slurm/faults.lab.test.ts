// A Slurm campaign meeting Slurm's own faults (instance 'vq', 4 hosts, the CLI as a child process): a job scancelled
// from outside fails its run with Slurm's reason; a node set down (scontrol update state=down) fails the run whose job
// was on it and holds, queued with Slurm's reason, the run placed on it next, while the run on the other nodes goes
// on; once the node is resumed the held run finishes and the campaign ends. Nothing is retried (retries: 0), so each
// failure is the run's own; sacct agrees.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inHost, labDown, type LabConfig } from '../../../lab/api.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { cli } from '../../campaigns/support/lab-campaign.ts';
import { sleep, slurmCampaignLab, type SlurmCampaignLab } from './support/slurm-campaign.ts';

const config: LabConfig = LAB_INSTANCES.slurm;
let lab: SlurmCampaignLab;

beforeAll(async () => { lab = await slurmCampaignLab(config, 4); }, 240_000);

afterAll(async () => {
  lab?.data.cleanup();
  await labDown(config);
}, 120_000);

describe('a Slurm campaign meeting cancelled jobs and a node down', () => {
  it("an outside scancel fails its run with Slurm's reason; a node set down fails the run on it and holds the one needing it; the campaign goes on", async () => {
    const ctl = lab.data.inv.hosts[0]!;
    const def = cli(lab.data.dir, ['platforms', 'define', 'slurm', '--technology', 'native', '--product', 'lab hosts via Slurm', '--endpoints', `${lab.data.inv.prefix}-h0[1-4]`,
      '--backend', 'slurm', '--backend-settings', lab.settings(10)]);
    expect(await def.exit, def.stderr()).toBe(0);
    const file = join(lab.data.dir, 'faults.yaml');
    // Four netperf pairs, two at a time on the four nodes; no retries, so each failure is the run's own.
    writeFileSync(file, `
name: faults
platforms: [slurm]
baseline: slurm
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1, 2, 4, 8], durationSec: 15 }
repetitions: 1
maxParallel: 2
failure: { retries: 0 }
`);
    const run = cli(lab.data.dir, ['scenario', 'run', file, '--known-hosts', lab.data.inv.knownHostsPath, '--poll-ms', '300']);
    const running = async () => (await inHost(ctl, ['squeue', '-h', '-t', 'RUNNING', '-o', '%i %j %N'])).split('\n').filter((l) => l.includes(' virtlab-')).map((l) => {
      const [id, name, nodes] = l.trim().split(' ');
      return { id: id!, name: name!, nodes: nodes! };
    });
    let jobs: Awaited<ReturnType<typeof running>> = [];
    const end = Date.now() + 300_000;
    while ((jobs = await running()).length < 2) {
      if (run.child.exitCode !== null || Date.now() > end) throw new Error(`never two jobs running: ${run.stdout().slice(-2000)} ${run.stderr().slice(-1000)}`);
      await sleep(200);
    }
    const [cancelled, downed] = jobs as [typeof jobs[0], typeof jobs[0]];
    await inHost(ctl, ['scancel', cancelled.id]);
    // The downed job's second node (its netperf server side): Slurm kills the job; the node stays down until resumed.
    const nodeNames = (await inHost(ctl, ['scontrol', 'show', 'hostnames', downed.nodes])).trim().split('\n');
    const down = nodeNames[1]!;
    await inHost(ctl, ['scontrol', 'update', `nodename=${down}`, 'state=down', 'reason=virtlab-lab-test']);
    const id = lab.campaignNamed('faults');
    // A run placed on the down node waits in Slurm's queue with the reason, while a run on the other nodes finishes.
    let held: string[] = [];
    for (;;) {
      const pending = (await inHost(ctl, ['squeue', '-h', '-t', 'PENDING', '-o', '%j|%r'])).split('\n').filter((l) => l.startsWith('virtlab-'));
      const r = lab.runsOf(id);
      if (pending.length && r.rows.some((x) => x.state === 'done')) { held = pending; break; }
      if (run.child.exitCode !== null || Date.now() > end) throw new Error(`no held run beside a done one: ${JSON.stringify(r.rows.map((x) => x.state))} ${pending.join('; ')}`);
      await sleep(300);
    }
    expect(held).toHaveLength(1);
    expect(held[0]).toMatch(/\|ReqNodeNotAvail/);
    expect(run.stdout()).toMatch(/queued \(ReqNodeNotAvail/);
    await inHost(ctl, ['scontrol', 'update', `nodename=${down}`, 'state=resume']);
    const code = await run.exit;
    expect(code, `${run.stdout().slice(-3000)}\n${run.stderr().slice(-2000)}`).toBe(0);
    const r = lab.runsOf(id);
    const byJob = new Map(r.rows.map((x) => [x.jobId, x]));
    expect(byJob.get(cancelled.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^Slurm cancelled the job \(scancel by /) });
    expect(byJob.get(downed.id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^a node of the job failed \(Slurm: NODE_FAIL\)/) });
    // The other two runs (the held one included) ran to the end; nothing was retried.
    expect(r.rows.filter((x) => x.state === 'done')).toHaveLength(2);
    expect(r.rows).toHaveLength(4);
    expect(r.campaign.state).toBe('done');
    const acct = await lab.sacct();
    expect(acct.find((j) => j.jobId === cancelled.id)?.state).toBe('CANCELLED by 0');
    expect(acct.find((j) => j.jobId === downed.id)?.state).toBe('NODE_FAIL');
    console.log(`[slurm] cancelled ${cancelled.name} job ${cancelled.id}; node ${down} down under job ${downed.id}; held: ${held.join(', ')}; errors: ${r.rows.map((x) => x.error ?? '-').join(' | ')}`);
  }, 600_000);
});
