// Manual acceptance run of issue 11, not part of CI (it imports and unpacks the 700 MB benchmark image for four
// runtimes and runs campaigns of about 40 minutes): one unattended script through the CLI from a fresh data folder on
// lab instance yc (10.246), two campaigns on the same 2 hosts:
//  1. native vs Podman bridge vs Podman slirp4netns vs Docker bridge vs LXC vs Charliecloud: netperf TCP_RR sweep +
//     TCP_STREAM, IOzone writer/reader, NPB EP and IS class S serial and OpenMP;
//  2. NPB EP and IS class S over MPI on 1 and 2 hosts on the platforms whose provider runs MPI (native, Podman bridge,
//     Docker bridge, LXC, Charliecloud by default: --mpi-platforms a,b,c). A scenario names its platforms for all its
//     benchmarks, and the start check refuses a campaign with any MPI run on a platform whose provider refuses MPI
//     (Podman slirp4netns), so MPI is a campaign of its own; that refusal is shown first (its sentence).
// 3 repetitions, interleaved. Then per campaign: runs by platform and state, what each run's facts say it ran in,
// `results compare`, Welch 95% verdicts (VirtLab's own, main/analysis/verdict.ts) per benchmark, node count, metric and
// point (slirp4netns vs bridge and vs native on TCP_RR latency; NPB of the containers vs native), and what the hosts
// show afterwards against before.
// --netperf-only: only the slirp4netns verdict (native, Podman bridge, Podman slirp4netns; the TCP_RR sweep; no MPI).
// --keep-data: keep the data folder (its database holds each run's raw output) and print where it is.
//   node bin/run-ts.mjs test/e2e/acceptance/containers-campaign.ts [--reps N] [--mpi-platforms a,b] [--netperf-only]
//     [--keep-data] [--keep-lab]
//   node bin/run-ts.mjs test/e2e/acceptance/containers-campaign.ts --report DB   (the verdicts again from a kept database)
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verdictOf } from '../../../main/analysis/verdict.ts';
import type { SampleMoments } from '../../../main/analysis/welch.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { labDown, labUp } from '../../lab/api.ts';
import { mountCgroups } from '../../lab/cgroups.ts';
import { dockerDown, dockerUp } from '../../lab/docker.ts';
import { hostState, rootState } from '../../lab/host-state.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { ociBaseImages } from '../../lab/oci-images.ts';
import { cli, labDataDir } from '../../main/campaigns/support/lab-campaign.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';

const config = LAB_INSTANCES.containersAcceptance;
const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REPS = Number(argOf('--reps') ?? 3);
const t0 = Date.now();
const say = (line: string) => console.log(`[${Math.round((Date.now() - t0) / 1000)} s] ${line}`);
const NETPERF_ONLY = process.argv.includes('--netperf-only');
const PLATFORMS = NETPERF_ONLY ? ['native', 'pod-bridge', 'pod-slirp'] : ['native', 'pod-bridge', 'pod-slirp', 'dk-bridge', 'lxc-bridge', 'ch'];
const MPI_PLATFORMS = NETPERF_ONLY ? [] : (argOf('--mpi-platforms') ?? 'native,pod-bridge,dk-bridge,lxc-bridge,ch').split(',');
const MPI_REFUSED = NETPERF_ONLY ? [] : PLATFORMS.filter((p) => !MPI_PLATFORMS.includes(p));
// The runtimes' own lists, limited to what this scenario's platforms are named (the hosts share this machine's Podman
// storage with other instances, so `podman ps -a` also lists other engineers' containers).
const OWN = 'grep -E "virtlab-c[0-9]+-(pod-bridge|pod-slirp|dk-bridge|lxc-bridge|ch)" || true';
const LISTS = [
  `podman ps -a --format "{{.Names}}" 2>/dev/null | ${OWN}`,
  `podman network ls --format "{{.Name}}" 2>/dev/null | ${OWN}`,
  'docker ps -a --format "{{.Names}}"',
  'docker network ls --format "{{.Name}}"',
  'lxc-ls -1',
  'ls -A "$HOME/.virtlab/images" 2>/dev/null',
].join('; ');

async function main(): Promise<void> {
  const inv = await labUp({ hosts: 2, config });
  const npb = npbTestTarball();
  try {
    for (const h of inv.hosts) await mountCgroups(h);
    await dockerUp(config, inv);
    const images = await ociBaseImages(inv);
    const data = await labDataDir(2, config);
    say(`fresh data folder ${data.dir}; images ready`);
    const endpoints = inv.hosts.map((h) => h.name).join(',');
    const define = async (name: string, provider: string, sets: string[]) => {
      const r = cli(data.dir, ['platforms', 'define', name, '--endpoints', endpoints, '--provider', provider, ...sets.flatMap((s) => ['--set', s])]);
      if ((await r.exit) !== 0) throw new Error(`platforms define ${name}: ${r.stderr()}`);
    };
    await define('pod-bridge', 'podman', [`image=${images.podman}`, 'network=bridge']);
    await define('pod-slirp', 'podman', [`image=${images.podman}`, 'network=slirp4netns']);
    await define('dk-bridge', 'docker', [`image=${images.docker}`, 'network=bridge']);
    await define('lxc-bridge', 'lxc', [`imageArchive=${images.archive}`, 'network=bridge']);
    await define('ch', 'charliecloud', [`imageArchive=${images.archive}`]);

    const scenario = (name: string, platforms: readonly string[], benchmarks: string) => {
      const file = join(data.dir, `${name}.yaml`);
      writeFileSync(
        file,
        `name: ${name}
platforms: [${platforms.join(', ')}]
baseline: native
repetitions: ${REPS}
order: interleaved
maxParallel: 1
runTimeoutSec: 900
benchmarks:
${benchmarks}`,
      );
      return file;
    };
    const MPI = `  - benchmark: npb
    params: { kernels: [EP, IS], classes: [S], variants: [mpi], mpiNodes: [1, 2] }
`;
    const file = scenario(
      'containers-acceptance',
      PLATFORMS,
      `  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1, 64, 1024], durationSec: 5 }
${
  NETPERF_ONLY
    ? ''
    : `  - benchmark: netperf
    params: { tests: [TCP_STREAM], messageSizes: [16384], durationSec: 5 }
  - benchmark: iozone
    params: { fileSizes: [4096], recordSize: 1024, tests: [write, read] }
  - benchmark: npb
    params: { kernels: [EP, IS], classes: [S], variants: [serial, openmp], threads: [2] }
`
}`,
    );
    const state = async () => [await rootState(), ...(await Promise.all(inv.hosts.map((h) => hostState(h, LISTS))))].join('\n---\n');
    const before = await state();
    const plan = cli(data.dir, ['scenario', 'plan', file]);
    await plan.exit;
    say(`plan:\n${plan.stdout().trim()}`);
    say('scenario run started');
    const runScenario = async (f: string) => {
      const run = cli(data.dir, ['scenario', 'run', f, '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '1000', '--quiet']);
      const code = await run.exit;
      say(`scenario run ${f} exit ${code}\n${run.stdout().slice(-1500)}\n${run.stderr().slice(-1500)}`);
      return { code, stdout: run.stdout() };
    };
    const campaign = async (f: string, platforms: readonly string[]) => {
      const started = Date.now();
      const { stdout } = await runScenario(f);
      const id = Number(/campaign (\d+) \(/.exec(stdout)?.[1] ?? NaN);
      say(`campaign ${id} took ${Math.round((Date.now() - started) / 1000)} s`);
      const cmp = cli(data.dir, ['results', 'compare', String(id)]);
      await cmp.exit;
      console.log(cmp.stdout());
      report(data.dbPath, id, platforms);
    };
    const load = setInterval(() => say(`load ${readFileSync('/proc/loadavg', 'utf8').trim()}`), 60_000);
    await campaign(file, PLATFORMS);
    // MPI on the platforms whose provider refuses it: refused before any run, each with its sentence.
    for (const p of MPI_REFUSED) await runScenario(scenario(`mpi-refused-${p}`, ['native', p], MPI));
    if (MPI_PLATFORMS.length) await campaign(scenario('containers-acceptance-mpi', MPI_PLATFORMS, MPI), MPI_PLATFORMS);
    clearInterval(load);
    const after = await state();
    say(after === before ? 'host state after the campaign: equal to before' : `host state after the campaign DIFFERS:\nBEFORE\n${before}\nAFTER\n${after}`);
    if (process.argv.includes('--keep-data')) say(`data folder kept: ${data.dir}`);
    else data.cleanup();
  } finally {
    rmSync(npb, { force: true });
    if (!process.argv.includes('--keep-lab')) {
      await dockerDown(config, inv);
      await labDown(config);
    }
  }
}

type Moments = SampleMoments & { values: number[] };
const moments = (v: number[]): Moments => {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  return { n, mean, sd: n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : null, values: v };
};

function report(dbPath: string, campaignId: number, platforms: readonly string[]): void {
  const db = openDatabase({ path: dbPath, readonly: true });
  try {
    const states = db
      .prepare('SELECT p.name AS platform, r.state, COUNT(*) AS n FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ? GROUP BY 1, 2')
      .all(campaignId);
    console.log(`campaign ${campaignId}: runs by platform and state`, JSON.stringify(states));
    const entries = db
      .prepare(
        "SELECT COUNT(DISTINCT plan_index) AS planned, COUNT(DISTINCT CASE WHEN state = 'done' THEN plan_index END) AS done FROM runs WHERE campaign_id = ?",
      )
      .get(campaignId);
    console.log('plan entries', JSON.stringify(entries));
    const failed = db
      .prepare(
        "SELECT p.name AS platform, r.benchmark, r.state, r.error FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ? AND r.state <> 'done'",
      )
      .all(campaignId);
    if (failed.length) console.log('not done', JSON.stringify(failed).slice(0, 3000));
    const facts = db
      .prepare(
        "SELECT p.name AS platform, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = ? AND r.state = 'done'",
      )
      .all(campaignId) as { platform: string; facts: string | null }[];
    const said = new Map<string, Map<string, number>>();
    for (const r of facts) {
      const v = (JSON.parse(r.facts ?? '{}') as { virtualization?: { container: string | null; evidence?: string[] } }).virtualization;
      // This machine was built from a Docker image: native lab hosts say docker too; a lab dockerd's container has /docker/ in PID 1's cgroup.
      const mark = `${v?.container ?? 'none'}${v?.evidence?.some((e) => e.startsWith("PID 1's cgroup: /docker/")) ? ' (cgroup /docker/)' : ''}`;
      const m = said.get(r.platform) ?? new Map<string, number>();
      m.set(mark, (m.get(mark) ?? 0) + 1);
      said.set(r.platform, m);
    }
    for (const [p, m] of said) console.log(`facts of ${p}: ${[...m].map(([k, n]) => `${k} x${n}`).join(', ')}`);

    const rows = db
      .prepare(
        "SELECT p.name AS platform, r.benchmark, r.node_count AS nodes, m.name AS metric, m.point, m.value FROM metrics m JOIN runs r ON r.id = m.run_id JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ? AND r.state = 'done'",
      )
      .all(campaignId) as { platform: string; benchmark: string; nodes: number; metric: string; point: string; value: number }[];
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
      const v = a && b ? verdictOf(a, b) : null;
      return v?.p != null ? `p=${v.p.toPrecision(3)} ${v.significant ? 'significant' : 'within noise'}` : 'n/a';
    };
    console.log('\nmean±sd per metric and platform; Welch 95% against native (and slirp4netns against bridge)');
    for (const k of keys) {
      const g = (p: string) => {
        const v = groups.get(`${k}|${p}`);
        return v?.length ? moments(v) : undefined;
      };
      const native = g('native');
      const cells = platforms.map((p) => `${p} ${f(g(p))}${p === 'native' ? '' : ` [vs native ${verdict(g(p), native)}]`}`);
      const slirp = k.startsWith('netperf|') && platforms.includes('pod-slirp') ? `; slirp vs bridge ${verdict(g('pod-slirp'), g('pod-bridge'))}` : '';
      console.log(`${k}: ${cells.join(' | ')}${slirp}`);
    }
    const open = db.prepare("SELECT kind, handle, host FROM platform_resources WHERE state <> 'removed'").all();
    console.log(`ledger entries not removed: ${JSON.stringify(open)}`);
  } finally {
    db.close();
  }
}

/** --report DB: the report of every campaign in a kept data folder's database, its platforms as its runs name them. On
 * a copy, brought to the current schema (a database kept by older code), so the kept one stays as it was. */
function reportAgain(kept: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'containers-report-'));
  const dbPath = join(dir, 'virtlab.db');
  for (const suffix of ['', '-wal']) if (existsSync(kept + suffix)) copyFileSync(kept + suffix, dbPath + suffix);
  try {
    reportAll(dbPath);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function reportAll(dbPath: string): void {
  openDatabase({ path: dbPath }).close();
  const db = openDatabase({ path: dbPath, readonly: true });
  const campaigns = db
    .prepare('SELECT r.campaign_id AS id, p.name AS platform FROM runs r JOIN platforms p ON p.id = r.platform_id GROUP BY 1, 2 ORDER BY 1, MIN(r.id)')
    .all() as { id: number; platform: string }[];
  db.close();
  for (const id of [...new Set(campaigns.map((c) => c.id))])
    report(
      dbPath,
      id,
      campaigns.filter((c) => c.id === id).map((c) => c.platform),
    );
}

const again = argOf('--report');
(again ? Promise.resolve().then(() => reportAgain(again)) : main()).then(
  () => say('done'),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
