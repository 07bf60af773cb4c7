// `npm run bench -- adaptive`: what adaptive repetitions save. The same scenario (netperf TCP_RR at 2 message sizes,
// native lab hosts against their os-level guests, interleaved) run through the CLI twice on a private lab instance:
// once with a fixed 10 repetitions, once adaptively (target +-5%, 3..10 rounds, 1 warm-up). Prints both wall times,
// their ratio (target: at most 0.6), and per point the significance verdict of each (Welch at 5% on the headline
// metric, as `results compare` gives it) and whether they agree (target: every point).
// VIRTLAB_BENCH_NETPERF_SEC (default 2) sets each run's netperf duration.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { labDown, labUp } from '../test/lab/api.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { cli, labDataDir, type LabData } from '../test/main/campaigns/support/lab-campaign.ts';

const NETPERF_SEC = Number(process.env.VIRTLAB_BENCH_NETPERF_SEC ?? '2');
const FIXED = 10;
const ADAPTIVE = { targetPct: 5, min: 3, max: 10, warmup: 1 };
const SIZES = [1, 1024];

const scenario = (name: string, repeat: string) => `
name: ${name}
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [${SIZES.join(', ')}], durationSec: ${NETPERF_SEC} }
${repeat}
order: interleaved
maxParallel: 1
`;

interface Row {
  metric: string;
  point: string;
  platform: string;
  n: number;
  relative: number | null;
  relativeCi: { low: number; high: number } | null;
  significant: boolean | null;
}
interface Point {
  params: Record<string, unknown>;
  repetitions: number;
  state: string;
  widthPct: number | null;
  seconds: number;
}

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

/** Runs one scenario to the end; its wall time (the whole CLI run), the comparison's headline rows, its status. */
async function campaign(data: LabData, id: number, name: string, repeat: string) {
  const file = join(data.dir, `${name}.yaml`);
  writeFileSync(file, scenario(name, repeat));
  const t0 = performance.now();
  await virtlab(data, ['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
  const seconds = (performance.now() - t0) / 1000;
  const rows = (JSON.parse(await virtlab(data, ['results', 'compare', String(id), '--json'])) as { rows: Row[] }).rows.filter(
    (r) => r.metric === 'half_rtt' && r.platform === 'container',
  );
  const status = JSON.parse(await virtlab(data, ['campaign', 'status', String(id), '--json'])) as { runs: unknown[]; adaptive?: Point[] };
  return { seconds, rows, runs: status.runs.length, adaptive: status.adaptive ?? [] };
}

const verdict = (r: Row | undefined) => (r?.significant === null || r === undefined ? 'n/a' : r.significant ? 'significant' : 'not significant');
const rel = (r: Row | undefined) =>
  r?.relative == null ? 'n/a' : `${r.relative.toFixed(3)} [${r.relativeCi ? `${r.relativeCi.low.toFixed(3)}, ${r.relativeCi.high.toFixed(3)}` : 'unbounded'}]`;
const pad = (s: string, n: number) => s.padEnd(n);

export async function run(): Promise<object> {
  const config = LAB_INSTANCES.adaptiveBench;
  await labUp({ hosts: 2, config });
  const data = await labDataDir(2, config);
  let failed = true;
  try {
    const fixed = await campaign(data, 1, 'fixed-10', `repetitions: ${FIXED}`);
    const adaptive = await campaign(
      data,
      2,
      'adaptive-5',
      `adaptive: { targetPct: ${ADAPTIVE.targetPct}, min: ${ADAPTIVE.min}, max: ${ADAPTIVE.max}, warmup: ${ADAPTIVE.warmup} }`,
    );
    const ratio = adaptive.seconds / fixed.seconds;

    console.log(`\nnetperf TCP_RR ${NETPERF_SEC} s, native vs container, container/native half RTT; significance: Welch at 5%`);
    console.log(`fixed ${FIXED} repetitions: ${fixed.runs} runs in ${fixed.seconds.toFixed(1)} s`);
    console.log(
      `adaptive +-${ADAPTIVE.targetPct}% (${ADAPTIVE.min}..${ADAPTIVE.max}, ${ADAPTIVE.warmup} warm-up): ${adaptive.runs} runs in ${adaptive.seconds.toFixed(1)} s`,
    );
    console.log(`time ratio adaptive/fixed: ${ratio.toFixed(3)} (target <= 0.6: ${ratio <= 0.6 ? 'met' : 'NOT met'})\n`);
    console.log(
      `${pad('point', 10)}${pad('fixed ratio [95% CI]', 28)}${pad('fixed verdict', 17)}${pad('reps', 6)}${pad('stopped', 9)}${pad('adaptive ratio [95% CI]', 28)}${pad('adaptive verdict', 18)}agree`,
    );
    const points = SIZES.map((size) => {
      const f = fixed.rows.find((r) => r.point === String(size));
      const a = adaptive.rows.find((r) => r.point === String(size));
      const p = adaptive.adaptive.find((x) => x.params['messageSize'] === size);
      const agree = verdict(f) === verdict(a) && verdict(f) !== 'n/a';
      console.log(
        `${pad(`${size} B`, 10)}${pad(rel(f), 28)}${pad(verdict(f), 17)}${pad(String(p?.repetitions ?? '?'), 6)}${pad(p?.state ?? '?', 9)}${pad(rel(a), 28)}${pad(verdict(a), 18)}${agree ? 'yes' : 'NO'}`,
      );
      return {
        messageSize: size,
        fixed: verdict(f),
        adaptive: verdict(a),
        agree,
        adaptiveRepetitions: p?.repetitions ?? null,
        stopped: p?.state ?? null,
        adaptiveWidthPct: p?.widthPct ?? null,
        fixedRatio: f?.relative ?? null,
        adaptiveRatio: a?.relative ?? null,
      };
    });
    const allAgree = points.every((p) => p.agree);
    failed = false;
    console.log(`\nsame verdicts on every point: ${allAgree ? 'yes' : 'NO'}; in at most 60% of the time: ${allAgree && ratio <= 0.6 ? 'yes' : 'NO'}\n`);
    return {
      netperfSec: NETPERF_SEC,
      fixedRepetitions: FIXED,
      adaptive: ADAPTIVE,
      fixedSeconds: Number(fixed.seconds.toFixed(1)),
      adaptiveSeconds: Number(adaptive.seconds.toFixed(1)),
      fixedRuns: fixed.runs,
      adaptiveRuns: adaptive.runs,
      timeRatio: Number(ratio.toFixed(3)),
      timeTargetMet: ratio <= 0.6,
      allVerdictsAgree: allAgree,
      points,
    };
  } finally {
    // A failed run keeps its data folder (database, runs' raw output, the scenarios) for `virtlab --data-dir` to read.
    if (failed || process.env.VIRTLAB_LAB_KEEP === '1') console.error(`[adaptive] data folder kept: ${data.dir}`);
    else data.cleanup();
    if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
  }
}
