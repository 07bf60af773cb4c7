// `npm run bench -- fidelity`: does VirtLab measure what a person measures by hand? netperf TCP_RR/TCP_STREAM,
// IOzone writer/reader and NPB EP, each through VirtLab's runner and as the same command typed into OpenSSH on
// the same lab hosts, alternated A B A B ... for N pairs. For each figure: the ratio VirtLab/hand (geometric mean of
// the pairs) with its 95% CI and a TOST equivalence verdict within +-5%. Then the paper's shaped-link check:
// TCP_STREAM over a link limited to 100 Mbit/s with tbf should read 90-100 Mbit/s.
// The hand side parses its output with its own few lines (not VirtLab's parsers), so a parser bug would show.
// Runs on a private lab instance; VIRTLAB_BENCH_PAIRS (default 10) and VIRTLAB_BENCH_NETPERF_SEC (default 2).
import { rmSync } from 'node:fs';
import { pairedRatio, type PairedRatio } from '../main/analysis/equivalence.ts';
import { runIozone } from '../main/runner/iozone/run.ts';
import { runNetperfPair } from '../main/runner/netperf/run.ts';
import { runNpb } from '../main/runner/npb/run.ts';
import type { BenchRunResult, CommandRecord } from '../main/runner/result.ts';
import { shellCommandWithEnv, toShellCommand } from '../main/ssh/quote.ts';
import { shapeLink, sshArgs, unshapeLink, type LabEndpointAny } from '../test/lab/api.ts';
import { run as runTool } from '../test/lab/exec.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { labBench, type LabBench } from '../test/main/runner/lab-bench.ts';
import { npbTestTarball } from '../test/support/npb-tarball.ts';

const PAIRS = Number(process.env.VIRTLAB_BENCH_PAIRS ?? '10');
const NETPERF_SEC = Number(process.env.VIRTLAB_BENCH_NETPERF_SEC ?? '2');
const MARGIN = 0.05;
const IOZONE_KB = 16384;
const HAND_PORT = 24011;

type Figure = 'netperf TCP_RR half RTT (us)' | 'netperf TCP_STREAM (Mbit/s)' | 'IOzone writer (kB/s)' | 'IOzone reader (kB/s)' | 'NPB EP.W serial time (s)';

function metric(r: BenchRunResult, name: string): number {
  if (r.status !== 'ok') throw new Error(`VirtLab ${r.benchmark} run ${r.status}: ${r.error ?? r.warnings.join('; ')}`);
  const m = r.metrics.find((x) => x.name === name);
  if (!m) throw new Error(`no ${name} in ${r.metrics.map((x) => x.name).join(', ')}`);
  return m.value;
}

/** The command VirtLab recorded (its exact argv and environment), typed into OpenSSH by hand. */
async function byHand(lab: LabBench, e: LabEndpointAny, c: Pick<CommandRecord, 'argv' | 'env'>): Promise<string> {
  const line = c.env && Object.keys(c.env).length ? shellCommandWithEnv(c.env, c.argv) : toShellCommand(c.argv);
  return (await runTool('ssh', [...sshArgs(lab.inv, e), '--', line])).stdout;
}

// Hand parsing, independent of VirtLab's parsers.
/** netperf -o prints CSV; the first selector of VirtLab's list is the figure (MEAN_LATENCY or THROUGHPUT). */
const firstCsvField = (out: string) =>
  Number(
    out
      .trim()
      .split('\n')
      .filter((l) => /^[\d.]+,/.test(l))
      .pop()
      ?.split(',')[0],
  );
/** IOzone's table row: kB reclen write rewrite read reread. */
function iozoneRow(out: string): { write: number; read: number } {
  const row = out
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .find((f) => f.length >= 6 && f[0] === IOZONE_KB && f.every(Number.isFinite));
  if (!row) throw new Error(`no IOzone row for ${IOZONE_KB} kB in:\n${out}`);
  return { write: row[2]!, read: row[4]! };
}
const npbTime = (out: string) => Number(/Time in seconds\s*=\s*([\d.]+)/.exec(out)?.[1]);

function positive(what: string, v: number): number {
  if (!(v > 0)) throw new Error(`${what}: not a positive number (${v})`);
  return v;
}

async function withHandNetserver<T>(lab: LabBench, peer: LabEndpointAny, fn: () => Promise<T>): Promise<T> {
  const ssh = async (cmd: string) => (await runTool('ssh', [...sshArgs(lab.inv, peer), '--', cmd])).stdout;
  const pid = Number((await ssh(`netserver -p ${HAND_PORT} -D >/dev/null 2>&1 </dev/null & echo $!`)).trim());
  try {
    for (let i = 0; i < 50 && !(await ssh(`ss -ltnH 'sport = :${HAND_PORT}'`)).trim(); i++) await new Promise((r) => setTimeout(r, 100));
    return await fn();
  } finally {
    await ssh(`kill ${pid}`).catch(() => undefined);
  }
}

/** The client command VirtLab ran, pointed at the hand-started netserver's control port. */
function handNetperf(c: CommandRecord): CommandRecord {
  const argv = [...c.argv];
  argv[argv.indexOf('-p') + 1] = String(HAND_PORT);
  return { ...c, argv };
}

export async function run(): Promise<object> {
  const lab = await labBench(4, LAB_INSTANCES.fidelityBench);
  const tarball = npbTestTarball();
  const t0 = Date.now();
  try {
    const [h1, h2, h3, h4] = lab.inv.hosts as [LabEndpointAny, LabEndpointAny, LabEndpointAny, LabEndpointAny];
    const samples = new Map<Figure, { virtlab: number[]; hand: number[] }>();
    const add = (f: Figure, v: number, h: number) => {
      const s = samples.get(f) ?? { virtlab: [], hand: [] };
      s.virtlab.push(positive(`${f} VirtLab`, v));
      s.hand.push(positive(`${f} by hand`, h));
      samples.set(f, s);
    };
    const [c1, c2, c3] = [await lab.bench(h1), await lab.bench(h2), await lab.bench(h3)];

    await withHandNetserver(lab, h2, async () => {
      for (const test of ['TCP_RR', 'TCP_STREAM'] as const) {
        for (let i = 0; i < PAIRS; i++) {
          const r = await runNetperfPair({ client: c1, peer: c2, params: { test, messageSizes: test === 'TCP_RR' ? [1] : [], durationSec: NETPERF_SEC } });
          const cmd = r.commands.find((c) => c.argv[0] === 'netperf');
          if (!cmd) throw new Error(`VirtLab ran no netperf client: ${r.error}`);
          const hand = firstCsvField(await byHand(lab, h1, handNetperf(cmd)));
          if (test === 'TCP_RR') add('netperf TCP_RR half RTT (us)', metric(r, 'half_rtt'), hand / 2);
          else add('netperf TCP_STREAM (Mbit/s)', metric(r, 'throughput'), hand);
        }
      }
    });

    for (let i = 0; i < PAIRS; i++) {
      const r = await runIozone({ endpoint: c3, params: { fileSizesKB: [IOZONE_KB], recordKB: 1024, folder: '/tmp/virtlab-fidelity' } });
      const cmd = r.commands.find((c) => c.argv[0] === 'iozone');
      if (!cmd) throw new Error(`VirtLab ran no iozone: ${r.error}`);
      // The same argv in a folder of the hand's own (VirtLab's run folder is gone by now).
      const file = cmd.argv[cmd.argv.indexOf('-f') + 1]!;
      const argv = cmd.argv.map((a) => (a === file ? '/tmp/virtlab-fidelity-hand.tmp' : a));
      const hand = iozoneRow(await byHand(lab, h3, { argv }));
      await byHand(lab, h3, { argv: ['rm', '-f', '/tmp/virtlab-fidelity-hand.tmp'] });
      add('IOzone writer (kB/s)', metric(r, 'writer'), hand.write);
      const reader = r.metrics.find((m) => m.name === 'reader');
      add('IOzone reader (kB/s)', reader?.value ?? NaN, hand.read);
    }

    for (let i = 0; i < PAIRS; i++) {
      const r = await runNpb({ endpoints: [c1], source: { kind: 'file', path: tarball }, params: { kernels: ['EP'], class: 'W', variant: 'serial' } });
      const cmd = r.commands.find((c) => c.label.startsWith('npb EP'));
      if (!cmd) throw new Error(`VirtLab ran no NPB EP: ${r.error}`);
      add('NPB EP.W serial time (s)', metric(r, 'time'), npbTime(await byHand(lab, h1, cmd)));
    }

    // Shaped link: both ends of h4's link limited to 100 Mbit/s; VirtLab's TCP_STREAM h3 -> h4.
    await shapeLink(h4.name, '100mbit', lab.config);
    let shaped: number;
    try {
      const r = await runNetperfPair({
        client: c3,
        peer: await lab.bench(h4),
        params: { test: 'TCP_STREAM', messageSizes: [], durationSec: Math.max(NETPERF_SEC, 3) },
      });
      shaped = metric(r, 'throughput');
    } finally {
      await unshapeLink(h4.name, lab.config);
    }

    const results: Record<string, PairedRatio & { virtlabMean: number; handMean: number }> = {};
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    for (const [f, s] of samples) results[f] = { ...pairedRatio(s.virtlab, s.hand, { margin: MARGIN }), virtlabMean: mean(s.virtlab), handMean: mean(s.hand) };
    printTable(results, shaped);
    const r4 = (x: number) => Number(x.toFixed(4));
    return {
      pairs: PAIRS,
      netperfSec: NETPERF_SEC,
      iozoneFileKB: IOZONE_KB,
      npb: 'EP class W serial',
      margin: MARGIN,
      seconds: Math.round((Date.now() - t0) / 1000),
      figures: Object.fromEntries(
        Object.entries(results).map(([f, r]) => [
          f,
          {
            ratio: r4(r.ratio),
            ci95: r.ci ? [r4(r.ci.low), r4(r.ci.high)] : null,
            tostP: r.tostP === null ? null : r4(r.tostP),
            verdict: r.verdict,
            virtlabMean: r4(r.virtlabMean),
            handMean: r4(r.handMean),
          },
        ]),
      ),
      equivalentAll: Object.values(results).every((r) => r.equivalent),
      shapedLink: { limit: '100mbit tbf', throughputMbps: Number(shaped.toFixed(1)), expected: [90, 100], within: shaped >= 90 && shaped <= 100 },
    };
  } finally {
    rmSync(tarball, { force: true });
    await lab.close();
  }
}

function printTable(results: Record<string, PairedRatio & { virtlabMean: number; handMean: number }>, shaped: number): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`\nVirtLab vs by hand, ${PAIRS} alternated pairs each; equivalence by TOST within +-${MARGIN * 100}% (alpha 0.05)`);
  console.log(`${pad('figure', 32)}${pad('VirtLab mean', 14)}${pad('hand mean', 14)}${pad('ratio', 8)}${pad('95% CI', 18)}${pad('TOST p', 9)}verdict`);
  for (const [f, r] of Object.entries(results)) {
    const ci = r.ci ? `${r.ci.low.toFixed(3)}-${r.ci.high.toFixed(3)}` : 'n/a';
    console.log(
      `${pad(f, 32)}${pad(r.virtlabMean.toPrecision(5), 14)}${pad(r.handMean.toPrecision(5), 14)}${pad(r.ratio.toFixed(3), 8)}${pad(ci, 18)}${pad(r.tostP === null ? 'n/a' : r.tostP.toFixed(3), 9)}${r.verdict}`,
    );
  }
  console.log(
    `shaped link (tbf 100mbit): VirtLab TCP_STREAM ${shaped.toFixed(1)} Mbit/s, expected 90-100: ${shaped >= 90 && shaped <= 100 ? 'within' : 'OUTSIDE'}\n`,
  );
}
