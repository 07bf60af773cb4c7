// `npm run bench -- slurm`: what running through Slurm costs a run, against the direct SSH backend, on the lab's Slurm
// (instance 'vq', 4 hosts, accounting on). The same short job (1 s) runs RUNS times through each backend as the run
// driver drives it (main/backends/<name>/run-backend.ts: submit, state, wait, collect, release), RUNS at once spread
// over the hosts: per run, submit -> first seen running, running -> output collected, and the whole overhead
// (submit -> collected minus the job's own second), median and p95; and the Slurm commands (sbatch, squeue, sacct,
// sinfo, scancel) VirtLab issued per run, which the batched polling keeps low. Ratios are against SSH in the same run.
import type { RunBackend, RunEndpoint, RunJobRef } from '../main/backends/backend.ts';
import { slurmRunBackend } from '../main/backends/slurm/run-backend.ts';
import { parseSlurmSettings } from '../main/backends/slurm/settings.ts';
import { sshRunBackend } from '../main/backends/ssh/run-backend.ts';
import { labDown, labUp, slurmUp } from '../test/lab/api.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { openLab } from '../test/main/ssh/support/lab.ts';

const config = LAB_INSTANCES.slurm;
const HOSTS = 4;
const RUNS = Number(process.env.VIRTLAB_BENCH_RUNS ?? '16');
const JOB_MS = 1000;
const JOB = ['sh', '-c', 'sleep 1; echo done', 'virtlab-job'];
const POLL_MS = 300;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const stats = (xs: number[]) => ({ median: Math.round(quantile(xs, 0.5)), p95: Math.round(quantile(xs, 0.95)) });

interface Timing {
  toRunning: number[];
  runningToCollected: number[];
  overhead: number[];
  wallMs: number;
}

/** One run as the run driver drives it: submit, then state/wait until it ended, collect, release. */
async function oneRun(b: RunBackend, ref: RunJobRef): Promise<{ toRunning: number; runningToCollected: number; overhead: number }> {
  const t0 = performance.now();
  const h = await b.submit({ runId: ref.runId, command: JOB, endpoints: ref.endpoints, cwd: '/tmp', launchesRanks: false });
  const r: RunJobRef = { ...ref, jobId: h.id };
  let running = 0;
  for (;;) {
    const s = await b.state(r);
    if (s.state === 'running' && !running) running = performance.now();
    if (s.state !== 'running' && s.state !== 'queued') break;
    await b.wait(r, POLL_MS);
  }
  const out = await b.collect(r);
  const collected = performance.now();
  if (out.stdout !== 'done\n' || out.exitCode !== 0) throw new Error(`run ${ref.runId}: ${JSON.stringify(out)}`);
  await b.release(r);
  // A job seen only once ended (it ran between two rounds) counts as running at that moment.
  running ||= collected;
  return { toRunning: running - t0, runningToCollected: collected - running, overhead: collected - t0 - JOB_MS };
}

async function measure(b: RunBackend, endpoints: RunEndpoint[], tag: string): Promise<Timing> {
  const t0 = performance.now();
  const runs = await Promise.all(Array.from({ length: RUNS }, (_, i) => oneRun(b, { runId: `${tag}-${i}`, endpoints: [endpoints[i % endpoints.length]!] })));
  return {
    toRunning: runs.map((r) => r.toRunning),
    runningToCollected: runs.map((r) => r.runningToCollected),
    overhead: runs.map((r) => r.overhead),
    wallMs: performance.now() - t0,
  };
}

const summary = (t: Timing) => ({
  submitToRunningMs: stats(t.toRunning),
  runningToCollectedMs: stats(t.runningToCollected),
  overheadMs: stats(t.overhead),
  wallMs: Math.round(t.wallMs),
});

export async function run(): Promise<object> {
  const inv = await labUp({ hosts: HOSTS, config });
  try {
    const slurm = await slurmUp(config, inv);
    const lab = await openLab(config);
    const pool = lab.pool();
    const endpoints: RunEndpoint[] = inv.hosts.map((h) => ({
      name: h.name,
      address: h.address,
      session: { host: pool.host(lab.rootEndpoint(h)), name: h.name },
    }));
    const tag = Date.now().toString(36);
    const ssh = await measure(sshRunBackend({ controlTimeoutMs: 15_000 }), endpoints, `bs${tag}`);
    const settings = parseSlurmSettings({ login: inv.hosts[0]!.name, partition: slurm.partition, timeLimitMin: 5, workDir: slurm.work });
    if (!settings.ok) throw new Error(settings.error);
    const sb = slurmRunBackend(settings.settings, { login: endpoints[0]!.session, controlTimeoutMs: 15_000 });
    const viaSlurm = await measure(sb, endpoints, `bq${tag}`);
    await pool.closeAll();
    const s = summary(viaSlurm);
    const d = summary(ssh);
    const result = {
      runs: RUNS,
      hosts: HOSTS,
      jobSeconds: JOB_MS / 1000,
      accounting: slurm.accounting,
      ssh: d,
      slurm: s,
      slurmCommandsPerRun: Number((sb.slurm.slurmCommands / RUNS).toFixed(2)),
      overheadMedianRatio: Number((s.overheadMs.median / Math.max(1, d.overheadMs.median)).toFixed(2)),
      overheadP95Ratio: Number((s.overheadMs.p95 / Math.max(1, d.overheadMs.p95)).toFixed(2)),
    };
    console.log(
      `slurm: overhead a run median ${s.overheadMs.median} ms / p95 ${s.overheadMs.p95} ms (ssh ${d.overheadMs.median} / ${d.overheadMs.p95} ms); ` +
        `submit->running ${s.submitToRunningMs.median} ms (ssh ${d.submitToRunningMs.median}), running->collected ${s.runningToCollectedMs.median} ms ` +
        `(ssh ${d.runningToCollectedMs.median}); ${result.slurmCommandsPerRun} Slurm commands a run`,
    );
    return result;
  } finally {
    await labDown(config);
  }
}
