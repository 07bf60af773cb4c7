// The HPC Challenge suite (Debian's `hpcc`) as a benchmark module: serial (the binary alone, one rank) and MPI with
// one rank on each of N nodes through the backend's MPI launch. The run writes its hpccinf.txt (HPL's input, one
// problem size), HPCC writes hpccoutf.txt, the job prints it; the summary block gives one metric per test.
import type { BenchmarkModule, FigurePanelSpec, SweepPoint } from '../module.ts';
import { estimateHpcc } from './estimate.ts';
import { hpccInput } from './input.ts';
import { hpccMetrics, hpccMetricSpecs, type HpccMetricName } from './metrics.ts';
import { parseHpcc } from './parse.ts';
import { hpccSweepEntry, HpccPoint, ranksOf, type HpccSweep } from './sweep.ts';
import { hpccForm } from './form.ts';

const RUN_NAME = { serial: 'hpcc-serial', mpi: 'hpcc-mpi' } as const;
const INPUT = 'hpccinf.txt';
/** Runs the launcher argv given after it, then prints what HPCC wrote (HPCC appends to an old file: removed first). */
const RUN_AND_PRINT = 'rm -f hpccoutf.txt; "$@"; rc=$?; cat hpccoutf.txt; exit $rc';
/** The installed package's version; the binary has no version option (its output names it). */
const VERSION_ARGV = ['sh', '-c', "command -v hpcc >/dev/null || exit 1; dpkg-query -W -f='${Version}\\n' hpcc 2>/dev/null || echo unknown"] as const;

const TITLES: Record<HpccMetricName, string> = {
  hpl: 'HPL',
  stream_triad_star: 'STREAM triad (star)',
  stream_triad_single: 'STREAM triad (single)',
  randomaccess: 'RandomAccess (MPI)',
  randomaccess_star: 'RandomAccess (star)',
  ptrans: 'PTRANS',
  fft: 'FFT (MPI)',
  fft_star: 'FFT (star)',
  pingpong_latency: 'ping-pong latency',
  pingpong_bandwidth: 'ping-pong bandwidth',
};
const SERIAL_FIGURE: HpccMetricName[] = ['hpl', 'stream_triad_single', 'randomaccess', 'ptrans', 'fft'];
const MPI_FIGURE: HpccMetricName[] = ['hpl', 'stream_triad_star', 'randomaccess', 'ptrans', 'fft', 'pingpong_latency', 'pingpong_bandwidth'];
const unitOf = (name: HpccMetricName) => hpccMetricSpecs.find((m) => m.name === name)!.unit;

const panel = (benchmark: string, kind: FigurePanelSpec['kind'], metric: HpccMetricName): FigurePanelSpec =>
  kind === 'scaling'
    ? { id: metric, title: unitOf(metric), xLabel: 'nodes', benchmark, metric, kind }
    : { id: metric, title: TITLES[metric], xLabel: 'test', benchmark, metric, kind };

export const hpcc = {
  id: 'hpcc',
  title: 'HPC Challenge',
  summary: "HPL, STREAM, RandomAccess, PTRANS, FFT and ping-pong from Debian's hpcc, serial and MPI (one rank a node); Gflop/s, GB/s, GUP/s, µs.",
  sweep: hpccSweepEntry,
  form: hpccForm,
  params: HpccPoint,
  runNames: Object.values(RUN_NAME),
  runName: (p) => RUN_NAME[p.variant],
  fromRun: (runName, params) => (params['variant'] === undefined ? { ...params, variant: runName === RUN_NAME.mpi ? 'mpi' : 'serial' } : params),

  points(s): SweepPoint<HpccPoint>[] {
    const size = { problemSize: s.problemSize, blockSize: s.blockSize };
    return s.variants.flatMap((variant): SweepPoint<HpccPoint>[] =>
      variant === 'serial'
        ? [{ params: { variant, ...size }, label: `HPCC N=${s.problemSize} serial`, nodeCount: 1 }]
        : s.mpiNodes.map((nodes) => ({
            params: { variant, ...size, nodes, ...(s.mpi ? { mpi: s.mpi } : {}) },
            label: `HPCC N=${s.problemSize} MPI ${nodes}n`,
            nodeCount: nodes,
          })),
    );
  },

  check(s, platforms) {
    if (!s.variants.includes('mpi')) return [];
    return s.mpiNodes.flatMap((nodes, i) =>
      platforms
        .filter((p) => nodes > p.endpoints.length)
        .map((p) => ({ path: `mpiNodes[${i}]`, message: `${nodes} nodes but platform "${p.name}" has only ${p.endpoints.length} endpoint(s)` })),
    );
  },

  endpoints: (p) => (p.variant === 'mpi' ? (p.nodes ?? 1) : 1),
  estimate: estimateHpcc,
  requirements: (p) => [
    {
      kind: 'tool',
      tool: 'hpcc',
      package: 'hpcc',
      versionArgv: VERSION_ARGV,
      parseVersion: (t) =>
        t
          .split('\n')
          .map((l) => l.trim())
          .find((l) => l !== ''),
    },
    ...(p.variant === 'mpi' ? [{ kind: 'mpi' as const, nodes: p.nodes ?? 1, ranks: ranksOf(p), ...(p.mpi ? { impl: p.mpi } : {}) }] : []),
  ],

  job(p, ctx) {
    if (p.variant === 'mpi' && !ctx.mpi) throw new Error("an HPCC MPI run needs its MPI launch (the backend's mpi capability)");
    const launch = ctx.mpi ? [...ctx.mpi.argv, 'hpcc'] : ['hpcc'];
    const estimate = estimateHpcc(p).runSec;
    return {
      files: [[INPUT, hpccInput(p.problemSize, p.blockSize, ranksOf(p))], ...(ctx.mpi ? [ctx.mpi.hostfile] : [])],
      steps: [
        {
          point: { variant: p.variant, problemSize: p.problemSize, ranks: ranksOf(p) },
          argv: ['sh', '-c', RUN_AND_PRINT, 'hpcc-run', ...launch],
          timeoutSec: Math.ceil(estimate * 20 + 300),
          ...(ctx.mpi?.env ? { env: ctx.mpi.env } : {}),
        },
      ],
    };
  },

  parse(text, _marker, p) {
    const out = parseHpcc(text);
    if (out.info.problemSize !== p.problemSize) throw new Error(`the output is of HPL N=${out.info.problemSize}, the run asked for N=${p.problemSize}`);
    if (out.info.processes !== ranksOf(p)) throw new Error(`HPCC ran on ${out.info.processes} process(es), the run asked for ${ranksOf(p)}`);
    return {
      metrics: out.metrics.map((m) => ({ name: m.name, point: String(m.point.test), value: m.value, unit: m.unit, better: m.better })),
      warnings: out.warnings,
    };
  },

  describePoint: (point, nodeCount, runName) =>
    `${TITLES[point as HpccMetricName] ?? point}${runName === RUN_NAME.mpi ? ` on ${nodeCount} node${nodeCount === 1 ? '' : 's'}` : ''}`,
  pointKey: (p) => `N=${p.problemSize}`,
  pointsFromOutput: true,
  metrics: hpccMetrics,
  figures: [
    {
      id: 'hpcc-serial',
      title: 'HPCC serial relative to the baseline',
      logX: false,
      caption:
        'HPC Challenge tests on one rank, each relative to the baseline: 100% = like the baseline, below = slower (every metric here is a rate, higher is better).',
      panels: SERIAL_FIGURE.map((m) => panel(RUN_NAME.serial, 'relative', m)),
    },
    {
      id: 'hpcc-mpi',
      title: 'HPCC MPI over nodes',
      logX: true,
      caption: "HPC Challenge tests with one rank a node: each test's value over node counts per platform, and its speedup over the smallest node count.",
      panels: MPI_FIGURE.map((m) => panel(RUN_NAME.mpi, 'scaling', m)),
    },
  ],
  headlines: [
    { label: 'HPCC HPL', benchmark: RUN_NAME.serial, metric: 'hpl' },
    { label: 'HPCC STREAM', benchmark: RUN_NAME.serial, metric: 'stream_triad_single' },
    { label: 'HPCC RandomAccess', benchmark: RUN_NAME.serial, metric: 'randomaccess' },
    { label: 'HPCC MPI HPL', benchmark: RUN_NAME.mpi, metric: 'hpl' },
    { label: 'HPCC MPI ping-pong', benchmark: RUN_NAME.mpi, metric: 'pingpong_latency' },
  ],
} satisfies BenchmarkModule<HpccSweep, HpccPoint>;
