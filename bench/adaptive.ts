// `npm run bench -- adaptive`: what adaptive repetitions save. The same scenario run through the CLI twice on a
// private lab instance (vy): once with a fixed 10 repetitions, once adaptively (target +-5%, 3..10 rounds, 1 warm-up,
// stopOnDifference). Prints both wall times, their ratio (target: at most 0.6), and per headline metric of every point
// the significance verdict of each (Welch at 5%, as `results compare` gives it) and whether they agree (target: every
// one), with the CLI's CPU time and the load next to each wall time.
//
// Why this scenario is a fair test: it is the comparison an HPC admin runs before moving work onto a platform, one
// point of each family the paper measures: latency (netperf TCP_RR, 1-byte messages), bandwidth (TCP_STREAM), file
// I/O (IOzone writer/reader) and compute (NPB EP, serial, built from the NPB test tree as a user's tarball), native lab
// hosts against their os-level guests, interleaved; both campaigns run the same points and pay the same one-off setup
// (the NPB build) inside their wall time. Each point is measured the way a careful admin measures on a small shared
// machine (this one: 2 cores under every host and guest), so that +-5% is reachable in 10 runs at all; with the
// product's short defaults it is not, and every point ran to its cap (session 9: ratio 1.105, half-widths +-16-35%):
// netperf runs of 5 s (VIRTLAB_BENCH_NETPERF_SEC), IOzone on a 256 MiB file with O_DIRECT (a 4 MiB file measured the
// page cache), NPB EP class W (class S ends in a fraction of a second). TCP_RR's half RTT stays the mean round trip
// (MEAN_LATENCY, printed to 0.01 us): the median (latency: median) is P50_LATENCY, a whole microsecond, and a half
// RTT of ~11 us moves in steps of 0.5 us, about 5% of it, so +-5% is not resolvable (perf10's run: every value 10.5). The rule is the product's
// (main/campaigns/adaptive/decide.ts): a point stops when every platform's ratio interval is within +-5% or, with
// stopOnDifference, excludes 1 at a group-sequential boundary (Lan-DeMets spending of Pocock's type over the rounds
// 3..10, 97.9-98.6% per look), so an early stop makes a platform equal to the baseline look different at most 5% of
// the time; a point that is neither repeats to the cap. VIRTLAB_BENCH_RUNS_FILE=PATH writes every run of both
// campaigns (platform, point, repetition, wall time, headline values) as JSON lines, for a look at the noise.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { allModules } from '../main/benchmarks/registry.ts';
import { openDatabase } from '../main/store/open-database.ts';
import { createRepos } from '../main/store/repos/index.ts';
import { labDown, labUp } from '../test/lab/api.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { cli, labDataDir, type LabData } from '../test/main/campaigns/support/lab-campaign.ts';
import { npbTestTarball } from '../test/support/npb-tarball.ts';

const NETPERF_SEC = Number(process.env.VIRTLAB_BENCH_NETPERF_SEC ?? '5');
const RUNS_FILE = process.env.VIRTLAB_BENCH_RUNS_FILE;
const FIXED = 10;
const ADAPTIVE = { targetPct: 5, min: 3, max: 10, warmup: 1, stopOnDifference: true };

const scenario = (name: string, repeat: string) => `
name: ${name}
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR, TCP_STREAM], messageSizes: [1], durationSec: ${NETPERF_SEC} }
  - benchmark: iozone
    params: { fileSizes: [262144], recordSize: 1024, tests: [write, read], oDirect: true }
  - benchmark: npb
    params: { kernels: [ep], classes: [W], variants: [serial] }
${repeat}
order: interleaved
maxParallel: 1
`;

interface Row {
  benchmark: string;
  metric: string;
  point: string;
  platform: string;
  n: number;
  relative: number | null;
  relativeCi: { low: number; high: number } | null;
  significant: boolean | null;
}
interface Point {
  label: string;
  repetitions: number;
  state: string;
  widthPct: number | null;
  unknown?: string;
  seconds: number;
}

const HEADLINES = new Set(allModules().flatMap((m) => m.headlines.map((h) => `${h.benchmark} ${h.metric}`)));

/** The last `n` lines of a CLI stream, indented, for a failure message. */
const lastLines = (text: string, n = 20) =>
  text.trim() === ''
    ? '    (nothing)'
    : text
        .trimEnd()
        .split('\n')
        .slice(-n)
        .map((l) => `    ${l}`)
        .join('\n');

async function virtlab(data: LabData, args: string[]): Promise<string> {
  const r = cli(data.dir, args);
  const code = await r.exit;
  if (code !== 0)
    throw new Error(`virtlab ${args.join(' ')} exited ${code}\n  last stdout lines:\n${lastLines(r.stdout())}\n  last stderr lines:\n${lastLines(r.stderr())}`);
  return r.stdout();
}

/** CPU seconds of this process's ended children (the CLI), from /proc/self/stat's cutime + cstime. */
function childCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100; // fields 16 and 17 of proc(5), in clock ticks (100 Hz)
}

/** Every run of campaign `id` as one JSON line (VIRTLAB_BENCH_RUNS_FILE): what the noise of each point looked like. */
function writeRuns(data: LabData, id: number, name: string): void {
  if (!RUNS_FILE) return;
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    const repos = createRepos(db);
    const platforms = new Map(repos.platforms.list().map((p) => [p.id, p.name]));
    for (const r of repos.runs.listByCampaign(id)) {
      const values = repos.metrics.listByRun(r.id).filter((m) => HEADLINES.has(`${r.benchmark} ${m.name}`));
      const line = {
        campaign: name,
        run: r.id,
        platform: platforms.get(r.platformId),
        benchmark: r.benchmark,
        params: r.params,
        repetition: r.repetition,
        attempt: r.attempt,
        state: r.state,
        seconds: r.startedAt !== null && r.endedAt !== null ? (r.endedAt - r.startedAt) / 1000 : null,
        values: Object.fromEntries(values.map((m) => [`${m.name}${m.point ? ` @ ${m.point}` : ''}`, m.value])),
      };
      appendFileSync(RUNS_FILE, `${JSON.stringify(line)}\n`);
    }
  } finally {
    db.close();
  }
}

/** Runs one scenario to the end; its wall time (the whole CLI run), the CLI's CPU, the load, the headline rows, its status. */
async function campaign(data: LabData, id: number, name: string, repeat: string, tarball: string) {
  const file = join(data.dir, `${name}.yaml`);
  writeFileSync(file, scenario(name, repeat));
  const load = loadavg()[0]!;
  const cpu0 = childCpuSeconds();
  const t0 = performance.now();
  await virtlab(data, ['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--npb-source', tarball, '--poll-ms', '300', '--quiet']);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = childCpuSeconds() - cpu0;
  const loadEnd = loadavg()[0]!;
  const rows = (JSON.parse(await virtlab(data, ['results', 'compare', String(id), '--json'])) as { rows: Row[] }).rows.filter(
    (r) => r.platform === 'container' && HEADLINES.has(`${r.benchmark} ${r.metric}`),
  );
  const status = JSON.parse(await virtlab(data, ['campaign', 'status', String(id), '--json'])) as { runs: unknown[]; adaptive?: Point[] };
  writeRuns(data, id, name);
  return { seconds, cpu, load: [load, loadEnd], rows, runs: status.runs.length, adaptive: status.adaptive ?? [] };
}

const verdict = (r: Row | undefined) => (r?.significant === null || r === undefined ? 'n/a' : r.significant ? 'significant' : 'not significant');
const rel = (r: Row | undefined) =>
  r?.relative == null ? 'n/a' : `${r.relative.toFixed(3)} [${r.relativeCi ? `${r.relativeCi.low.toFixed(3)}, ${r.relativeCi.high.toFixed(3)}` : 'unbounded'}]`;
const pad = (s: string, n: number) => s.padEnd(n);
const key = (r: Row) => `${r.benchmark} ${r.metric}${r.point ? ` @ ${r.point}` : ''}`;

export async function run(): Promise<object> {
  const config = LAB_INSTANCES.adaptiveBench;
  await labUp({ hosts: 2, config });
  const data = await labDataDir(2, config);
  const tarball = npbTestTarball();
  let failed = true;
  try {
    const fixed = await campaign(data, 1, 'fixed-10', `repetitions: ${FIXED}`, tarball);
    const adaptive = await campaign(
      data,
      2,
      'adaptive-5',
      `adaptive: { targetPct: ${ADAPTIVE.targetPct}, min: ${ADAPTIVE.min}, max: ${ADAPTIVE.max}, warmup: ${ADAPTIVE.warmup}, stopOnDifference: ${ADAPTIVE.stopOnDifference} }`,
      tarball,
    );
    const ratio = adaptive.seconds / fixed.seconds;
    const line = (c: typeof fixed) =>
      `${c.runs} runs in ${c.seconds.toFixed(1)} s wall, CLI CPU ${c.cpu.toFixed(1)} s, load ${c.load[0]!.toFixed(1)} -> ${c.load[1]!.toFixed(1)}`;

    console.log(`\nnative vs container, container relative to native; significance: Welch at 5%; netperf runs of ${NETPERF_SEC} s`);
    console.log(`fixed ${FIXED} repetitions: ${line(fixed)}`);
    console.log(`adaptive +-${ADAPTIVE.targetPct}% or a shown difference (${ADAPTIVE.min}..${ADAPTIVE.max}, ${ADAPTIVE.warmup} warm-up): ${line(adaptive)}`);
    console.log(`time ratio adaptive/fixed: ${ratio.toFixed(3)} (target <= 0.6: ${ratio <= 0.6 ? 'met' : 'NOT met'})\n`);
    console.log(`${pad('point', 40)}${pad('reps', 6)}${pad('stopped', 18)}${pad('interval', 10)}time`);
    for (const p of adaptive.adaptive)
      console.log(
        `${pad(p.label, 40)}${pad(String(p.repetitions), 6)}${pad(p.state, 18)}${pad(p.widthPct === null ? 'unbounded' : `+-${p.widthPct.toFixed(1)}%`, 10)}${p.seconds.toFixed(0)} s`,
      );
    console.log(
      `\n${pad('headline metric', 34)}${pad('fixed relative [95% CI]', 30)}${pad('fixed verdict', 17)}${pad('adaptive relative [95% CI]', 30)}${pad('adaptive verdict', 18)}agree`,
    );
    const keys = [...new Set([...fixed.rows, ...adaptive.rows].map(key))];
    const points = keys.map((k) => {
      const f = fixed.rows.find((r) => key(r) === k);
      const a = adaptive.rows.find((r) => key(r) === k);
      const agree = verdict(f) === verdict(a) && verdict(f) !== 'n/a';
      console.log(`${pad(k, 34)}${pad(rel(f), 30)}${pad(verdict(f), 17)}${pad(rel(a), 30)}${pad(verdict(a), 18)}${agree ? 'yes' : 'NO'}`);
      return {
        metric: k,
        fixed: verdict(f),
        adaptive: verdict(a),
        agree,
        fixedN: f?.n ?? null,
        adaptiveN: a?.n ?? null,
        fixedRelative: f?.relative ?? null,
        adaptiveRelative: a?.relative ?? null,
      };
    });
    const allAgree = points.length > 0 && points.every((p) => p.agree);
    failed = false;
    console.log(`\nsame verdicts on every point: ${allAgree ? 'yes' : 'NO'}; in at most 60% of the time: ${allAgree && ratio <= 0.6 ? 'yes' : 'NO'}\n`);
    return {
      netperfSec: NETPERF_SEC,
      fixedRepetitions: FIXED,
      adaptive: ADAPTIVE,
      fixedSeconds: Number(fixed.seconds.toFixed(1)),
      adaptiveSeconds: Number(adaptive.seconds.toFixed(1)),
      fixedCliCpuSeconds: Number(fixed.cpu.toFixed(1)),
      adaptiveCliCpuSeconds: Number(adaptive.cpu.toFixed(1)),
      loadFixed: fixed.load.map((l) => Number(l.toFixed(2))),
      loadAdaptive: adaptive.load.map((l) => Number(l.toFixed(2))),
      fixedRuns: fixed.runs,
      adaptiveRuns: adaptive.runs,
      timeRatio: Number(ratio.toFixed(3)),
      timeTargetMet: ratio <= 0.6,
      allVerdictsAgree: allAgree,
      adaptivePoints: adaptive.adaptive.map((p) => ({
        label: p.label,
        repetitions: p.repetitions,
        stopped: p.state,
        widthPct: p.widthPct === null ? null : Number(p.widthPct.toFixed(2)),
        ...(p.unknown ? { unknown: p.unknown } : {}),
      })),
      points,
    };
  } finally {
    // A failed run keeps its data folder (database, runs' raw output, the scenarios) for `virtlab --data-dir` to read.
    if (failed || process.env.VIRTLAB_LAB_KEEP === '1') console.error(`[adaptive] data folder kept: ${data.dir}`);
    else data.cleanup();
    if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
  }
}
