// Manual acceptance run of issue 12, not part of CI (it boots two TCG VMs and runs a campaign of 40+ min on this
// machine): one unattended scenario through the CLI from a fresh data folder on lab instance yb (10.245): native vs
// Charliecloud vs a QEMU VM per host (1 vCPU, 1 GiB, TCG: this machine's KVM cannot boot a guest) on 2 hosts; netperf
// TCP_RR sweep + TCP_STREAM, IOzone writer/reader, NPB EP and IS class S serial and over MPI on 1 and 2 hosts; 3
// repetitions, interleaved. Then: runs by platform and state, what each run's facts say it ran in, `results compare`,
// Welch 95% verdicts against native (VM TCP_RR latency, VM NPB times, Charliecloud), the PDF report (kept, to read
// page by page with pdftoppm), the ledger and what the hosts and this machine show afterwards against before.
// --quick: a reduced benchmark set for a short window (netperf TCP_RR 1 B, NPB EP class S serial and over MPI on 2
// hosts); the platforms, hosts, VM settings and repetitions stay as above.
//   node bin/run-ts.mjs test/e2e/acceptance/vms-campaign.ts [--reps N] [--quick] [--out DIR] [--keep-lab] | --report DB
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { welchTest, type SampleMoments } from '../../../main/analysis/welch.ts';
import { emulatorOf } from '../../../main/lab-model/emulation.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { labDown, labUp } from '../../lab/api.ts';
import { hostState, rootState } from '../../lab/host-state.ts';
import { LAB_IMAGE_DIR, labImage } from '../../lab/images.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { cli, labDataDir } from '../../main/campaigns/support/lab-campaign.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';

const config = LAB_INSTANCES.vmsBench;
const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REPS = Number(argOf('--reps') ?? 3);
const OUT = argOf('--out') ?? '/tmp/vms-acceptance';
const t0 = Date.now();
const say = (line: string) => console.log(`[${Math.round((Date.now() - t0) / 1000)} s] ${line}`);
const PLATFORMS = ['native', 'ch', 'vm'] as const;
const FULL = `  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1, 64, 1024], durationSec: 5 }
  - benchmark: netperf
    params: { tests: [TCP_STREAM], messageSizes: [16384], durationSec: 5 }
  - benchmark: iozone
    params: { fileSizes: [4096], recordSize: 1024, tests: [write, read] }
  - benchmark: npb
    params: { kernels: [EP, IS], classes: [S], variants: [serial, mpi], mpiNodes: [1, 2] }
`;
const QUICK = `  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 5 }
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [serial, mpi], mpiNodes: [2] }
`;
// In each lab host's own /root (the hosts share every other folder of this machine).
const STATE = '/root/vl-vms';
// Per host, what a VM or a Charliecloud guest could leave: VM folders (overlays, seed images, pid files), taps (in the
// links), routes, forwarding (hostState), and the runner's guest folders.
const LEFT = `ls -A ${STATE} 2>/dev/null; find "$HOME/.virtlab/guests" "$HOME/.virtlab/runs" "$HOME/.virtlab/mpi" -mindepth 1 -maxdepth 1 2>/dev/null; true`;
const qemuProcesses = () =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => (l.startsWith('qemu-system') && l.includes(STATE)) || (l.startsWith('ssh') && l.includes(STATE)))
    .join('\n');

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const inv = await labUp({ hosts: 2, config });
  const npb = npbTestTarball();
  try {
    const base = await labImage('base');
    const data = await labDataDir(2, config);
    say(`fresh data folder ${data.dir} (kept)`);
    const endpoints = inv.hosts.map((h) => h.name).join(',');
    const define = async (name: string, provider: string, args: string[]) => {
      const r = cli(data.dir, ['platforms', 'define', name, '--endpoints', endpoints, '--provider', provider, ...args]);
      if ((await r.exit) !== 0) throw new Error(`platforms define ${name}: ${r.stderr()}`);
    };
    await define('ch', 'charliecloud', ['--set', `imageArchive=${base.path}`]);
    const vmFile = join(data.dir, 'vm-settings.json');
    writeFileSync(
      vmFile,
      JSON.stringify({
        accelerator: 'tcg',
        vcpus: 1,
        memoryMiB: 1024,
        // Routed with proxy ARP: each VM in its host's guest subnet (the lab routes 10.X.i.0/24 to host i).
        addresses: [`10.${config.octet}.1.3`, `10.${config.octet}.2.3`],
        prefixLength: 16,
        authorizedKeys: [readFileSync(`${inv.keyPath}.pub`, 'utf8').trim()],
        stateDir: STATE,
        imageDir: LAB_IMAGE_DIR,
        bootTimeoutSec: 1500,
      }),
    );
    await define('vm', 'qemu', ['--settings', vmFile]);

    const file = join(data.dir, 'vms-acceptance.yaml');
    writeFileSync(
      file,
      `name: vms-acceptance
platforms: [${PLATFORMS.join(', ')}]
baseline: native
repetitions: ${REPS}
order: interleaved
maxParallel: 1
runTimeoutSec: 1500
benchmarks:
${process.argv.includes('--quick') ? QUICK : FULL}`,
    );
    const state = async () => [await rootState(), qemuProcesses(), ...(await Promise.all(inv.hosts.map((h) => hostState(h, LEFT))))].join('\n---\n');
    const before = await state();
    const plan = cli(data.dir, ['scenario', 'plan', file]);
    await plan.exit;
    say(`plan:\n${plan.stdout().trim()}`);
    say('scenario run started');
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '1000']);
    run.child.stdout!.on('data', (d: Buffer) => process.stdout.write(`  | ${d.toString().trimEnd().split('\n').join('\n  | ')}\n`));
    const code = await run.exit;
    say(`scenario run exit ${code}\n${run.stderr().slice(-3000)}`);
    const cmp = cli(data.dir, ['results', 'compare', '1']);
    await cmp.exit;
    console.log(cmp.stdout());
    const pdf = join(OUT, 'report.pdf');
    const rep = cli(data.dir, ['report', 'pdf', '1', '-o', pdf]);
    say(`report exit ${await rep.exit}: ${pdf} ${rep.stderr().trim()}`);
    report(data.dbPath);
    const after = await state();
    say(after === before ? 'host state after the campaign: equal to before' : `host state after the campaign DIFFERS:\nBEFORE\n${before}\nAFTER\n${after}`);
  } finally {
    rmSync(npb, { force: true });
    if (!process.argv.includes('--keep-lab')) await labDown(config);
  }
}

type Moments = SampleMoments & { values: number[] };
const moments = (v: number[]): Moments => {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  return { n, mean, sd: n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : null, values: v };
};

function report(dbPath: string): void {
  const db = openDatabase({ path: dbPath, readonly: true });
  try {
    const c = db.prepare('SELECT state, started_at AS s, ended_at AS e FROM campaigns WHERE id = 1').get() as {
      state: string;
      s: number | null;
      e: number | null;
    };
    console.log(`campaign 1: ${c.state}, ${c.s && c.e ? Math.round((c.e - c.s) / 1000) : '?'} s from start to end`);
    const states = db
      .prepare('SELECT p.name AS platform, r.state, COUNT(*) AS n FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = 1 GROUP BY 1, 2')
      .all();
    console.log('runs by platform and state', JSON.stringify(states));
    const entries = db
      .prepare(
        "SELECT COUNT(DISTINCT plan_index) AS planned, COUNT(DISTINCT CASE WHEN state = 'done' THEN plan_index END) AS done FROM runs WHERE campaign_id = 1",
      )
      .get();
    console.log('plan entries', JSON.stringify(entries));
    const failed = db
      .prepare(
        "SELECT p.name AS platform, r.benchmark, r.params_json AS params, r.state, r.error FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = 1 AND r.state NOT IN ('done', 'planned')",
      )
      .all();
    if (failed.length) console.log('not done', JSON.stringify(failed).slice(0, 4000));
    const durations = db
      .prepare(
        "SELECT p.name AS platform, r.benchmark, ROUND(AVG(r.ended_at - r.started_at) / 1000.0, 1) AS meanSec, COUNT(*) AS n FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = 1 AND r.state = 'done' GROUP BY 1, 2",
      )
      .all();
    console.log('mean run duration by platform and benchmark', JSON.stringify(durations));
    const facts = db
      .prepare(
        "SELECT p.name AS platform, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = 1 AND r.state = 'done'",
      )
      .all() as { platform: string; facts: string | null }[];
    const said = new Map<string, Map<string, number>>();
    for (const r of facts) {
      const f = JSON.parse(r.facts ?? '{}') as { virtualization?: { vm: string | null; container: string | null }; cpu?: { model: string | null } };
      const mark = `vm=${f.virtualization?.vm ?? 'none'} container=${f.virtualization?.container ?? 'none'} emulator=${emulatorOf(f) ?? 'none'} cpu=${f.cpu?.model ?? '?'}`;
      const m = said.get(r.platform) ?? new Map<string, number>();
      m.set(mark, (m.get(mark) ?? 0) + 1);
      said.set(r.platform, m);
    }
    for (const [p, m] of said) console.log(`facts of ${p}: ${[...m].map(([k, n]) => `${k} x${n}`).join(', ')}`);

    const rows = db
      .prepare(
        "SELECT p.name AS platform, r.benchmark, r.node_count AS nodes, m.name AS metric, m.point, m.value FROM metrics m JOIN runs r ON r.id = m.run_id JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = 1 AND r.state = 'done'",
      )
      .all() as { platform: string; benchmark: string; nodes: number; metric: string; point: string; value: number }[];
    // One sample per benchmark, node count, metric and point: NPB over MPI on 1 and on 2 hosts are not one sample.
    const sample = (r: (typeof rows)[number]) => `${r.benchmark}|${r.nodes} node(s)|${r.metric}|${r.point}`;
    const groups = new Map<string, number[]>();
    for (const r of rows) {
      const k = `${sample(r)}|${r.platform}`;
      groups.set(k, [...(groups.get(k) ?? []), r.value]);
    }
    const keys = [...new Set(rows.map(sample))].sort();
    const f = (x?: Moments) => (x ? `${x.mean.toPrecision(4)}±${(x.sd ?? 0).toPrecision(2)} (n=${x.n})` : '-');
    const verdict = (a?: Moments, b?: Moments) => {
      const w = a && b ? welchTest(a, b) : null;
      return w ? `x${(a!.mean / b!.mean).toPrecision(3)} p=${w.p.toPrecision(3)} ${w.p < 0.05 ? 'significant' : 'within noise'}` : 'n/a';
    };
    console.log('\nmean±sd per metric and platform; Welch 95% against native');
    for (const k of keys) {
      const g = (p: string) => {
        const v = groups.get(`${k}|${p}`);
        return v?.length ? moments(v) : undefined;
      };
      const native = g('native');
      console.log(`${k}: ${PLATFORMS.map((p) => `${p} ${f(g(p))}${p === 'native' ? '' : ` [vs native ${verdict(g(p), native)}]`}`).join(' | ')}`);
    }
    const open = db.prepare("SELECT kind, handle, host FROM platform_resources WHERE state <> 'removed'").all();
    console.log(`ledger entries not removed: ${JSON.stringify(open)}`);
  } finally {
    db.close();
  }
}

// --report DB: the counts, facts and verdicts of an existing run's database (a campaign stopped or resumed by hand).
const only = argOf('--report');
(only ? Promise.resolve(report(only)) : main()).then(
  () => say('done'),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
