// The datasets behind the paper's figures (Walters et al. 2008), as plain data: panels of series per platform whose
// points carry n, mean and a confidence interval. Failed combinations are listed with their reason, never dropped.
import { fiellerRatio } from './fieller.ts';
import { relativeToBaseline, type Unmatched } from './relative.ts';
import { comparePoints } from './summary.ts';
import type { FailedRun, Interval, Summary } from './types.ts';

/** Which benchmark and metric names feed each figure: the metric names of main/benchmarks/(netperf,iozone,npb)/metrics.ts; NPB runs are
 * stored under one benchmark name per variant (npb-serial, npb-omp, npb-mpi) so the figures can tell them apart. */
export interface FigureConventions {
  netperf: { benchmark: string; latency: string; bandwidth: string };
  iozone: { benchmark: string; write: string; read: string };
  npb: { serial: string; openmp: string; mpi: string; time: string; kernels: readonly string[] };
  /** Run parameter naming the x of a failed run (its point never got measured). */
  labelParams: readonly string[];
}

export const DEFAULT_CONVENTIONS: FigureConventions = {
  netperf: { benchmark: 'netperf', latency: 'half_rtt', bandwidth: 'throughput' },
  iozone: { benchmark: 'iozone', write: 'writer', read: 'reader' },
  // Fig. 4 of the paper shows EP, BT, CG and SP; other kernels get panels too when measured.
  npb: { serial: 'npb-serial', openmp: 'npb-omp', mpi: 'npb-mpi', time: 'time', kernels: ['ep', 'bt', 'cg', 'sp'] },
  labelParams: ['point', 'kernel', 'messageSize', 'fileSize'],
};

export interface FigurePoint {
  /** Category or number as text (message size, file size, kernel, node count). */
  x: string;
  n: number;
  mean: number;
  ci: Interval | null;
  sd: number | null;
  noisy: boolean;
  /** Relative figures: Welch p-value against the baseline and the decision at alpha; null for the baseline itself. */
  p?: number | null;
  significant?: boolean;
}

export interface FigureSeries { platform: string; baseline: boolean; points: FigurePoint[] }

export interface FigurePanel { id: string; title: string; xLabel: string; yLabel: string; series: FigureSeries[] }

export interface FigureFailure {
  platform: string;
  benchmark: string;
  x: string;
  nodeCount: number;
  state: FailedRun['state'];
  reason: string;
  runIds: number[];
}

export interface FigureDataset {
  id: 'fig1a' | 'fig1b' | 'fig2' | 'fig3' | 'fig4';
  title: string;
  panels: FigurePanel[];
  failures: FigureFailure[];
  /** Measured on one side only (no baseline counterpart, or only the baseline). */
  missing: Unmatched[];
}

export interface FigureInput {
  summaries: readonly Summary[];
  failed: readonly FailedRun[];
  baseline: string;
  conventions?: FigureConventions;
  confidence?: number;
  alpha?: number;
}

const byPlatform = (baseline: string) => (a: FigureSeries, b: FigureSeries) =>
  a.platform === baseline ? -1 : b.platform === baseline ? 1 : a.platform.localeCompare(b.platform);

function seriesOf(items: readonly { platform: string; point: FigurePoint }[], baseline: string): FigureSeries[] {
  const map = new Map<string, FigurePoint[]>();
  for (const { platform, point } of items) {
    const list = map.get(platform) ?? [];
    list.push(point);
    map.set(platform, list);
  }
  return [...map].map(([platform, points]) => ({ platform, baseline: platform === baseline, points: points.sort((a, b) => comparePoints(a.x, b.x)) }))
    .sort(byPlatform(baseline));
}

const absolutePoint = (s: Summary, x = s.point): FigurePoint => ({ x, n: s.n, mean: s.mean, ci: s.ci, sd: s.sd, noisy: s.noisy });

function pick(input: FigureInput, benchmark: string, metric: string): Summary[] {
  return input.summaries.filter((s) => s.benchmark === benchmark && s.metric === metric);
}

function absolutePanel(input: FigureInput, id: string, title: string, xLabel: string, benchmark: string, metric: string): FigurePanel {
  const rows = pick(input, benchmark, metric);
  const unit = rows[0]?.unit ?? '';
  return { id, title, xLabel, yLabel: `${metric} (${unit})`, series: seriesOf(rows.map((s) => ({ platform: s.platform, point: absolutePoint(s) })), input.baseline) };
}

function relativePanel(input: FigureInput, id: string, title: string, xLabel: string, benchmark: string, metric: string, missing: Unmatched[]): FigurePanel {
  const rows = pick(input, benchmark, metric);
  const { relatives, unmatched } = relativeToBaseline(rows, { baseline: input.baseline, alpha: input.alpha, confidence: input.confidence });
  missing.push(...unmatched);
  const percent = rows[0]?.better === 'higher';
  const one = percent ? 100 : 1;
  const items = relatives.map((r) => ({
    platform: r.platform,
    point: { x: r.point, n: r.guest.n, mean: r.value, ci: r.ci, sd: r.guest.sd, noisy: r.guest.noisy, p: r.p, significant: r.significant },
  }));
  // The baseline is the reference line: exactly 1.0 (or 100%) wherever a comparison exists.
  const basePoints = new Map<string, Summary>();
  for (const r of relatives) basePoints.set(r.point, r.base);
  for (const [x, b] of basePoints) items.push({ platform: input.baseline, point: { x, n: b.n, mean: one, ci: null, sd: null, noisy: b.noisy, p: null, significant: false } });
  return {
    id, title, xLabel,
    yLabel: percent ? `% of ${input.baseline} ${metric}` : `${metric} relative to ${input.baseline} (1.0 = ${input.baseline})`,
    series: seriesOf(items, input.baseline),
  };
}

function failuresFor(input: FigureInput, benchmarks: readonly string[]): FigureFailure[] {
  const conv = input.conventions ?? DEFAULT_CONVENTIONS;
  const grouped = new Map<string, FigureFailure>();
  for (const f of input.failed) {
    if (!benchmarks.includes(f.benchmark)) continue;
    const labelKey = conv.labelParams.find((k) => f.params[k] !== undefined);
    const x = labelKey ? String(f.params[labelKey]) : '';
    const key = [f.platform, f.benchmark, x, f.nodeCount].join('\u0000');
    const g = grouped.get(key);
    if (g) {
      g.runIds.push(f.runId);
      if (!g.reason.split('; ').includes(f.reason)) g.reason += `; ${f.reason}`;
    } else {
      grouped.set(key, { platform: f.platform, benchmark: f.benchmark, x, nodeCount: f.nodeCount, state: f.state, reason: f.reason, runIds: [f.runId] });
    }
  }
  return [...grouped.values()].sort((a, b) => a.platform.localeCompare(b.platform) || a.benchmark.localeCompare(b.benchmark) || comparePoints(a.x, b.x) || a.nodeCount - b.nodeCount);
}

/** Fig. 1(a): one-way latency vs message size, per platform. */
export function figure1a(input: FigureInput): FigureDataset {
  const c = (input.conventions ?? DEFAULT_CONVENTIONS).netperf;
  return {
    id: 'fig1a', title: 'Network latency',
    panels: [absolutePanel(input, 'latency', 'Latency vs message size', 'message size (bytes)', c.benchmark, c.latency)],
    failures: failuresFor(input, [c.benchmark]), missing: [],
  };
}

/** Fig. 1(b): bandwidth as % of the baseline, per platform (and message size when measured per size). */
export function figure1b(input: FigureInput): FigureDataset {
  const c = (input.conventions ?? DEFAULT_CONVENTIONS).netperf;
  const missing: Unmatched[] = [];
  return {
    id: 'fig1b', title: 'Network bandwidth relative to native',
    panels: [relativePanel(input, 'bandwidth', 'Bandwidth', 'message size (bytes)', c.benchmark, c.bandwidth, missing)],
    failures: failuresFor(input, [c.benchmark]), missing,
  };
}

/** Fig. 2: IOzone writer and reader throughput vs file size. */
export function figure2(input: FigureInput): FigureDataset {
  const c = (input.conventions ?? DEFAULT_CONVENTIONS).iozone;
  return {
    id: 'fig2', title: 'IOzone file system performance',
    panels: [
      absolutePanel(input, 'writer', 'Writer', 'file size', c.benchmark, c.write),
      absolutePanel(input, 'reader', 'Reader', 'file size', c.benchmark, c.read),
    ],
    failures: failuresFor(input, [c.benchmark]), missing: [],
  };
}

/** Fig. 3: NPB relative execution time per kernel, serial and OpenMP; 1.0 = native. */
export function figure3(input: FigureInput): FigureDataset {
  const c = (input.conventions ?? DEFAULT_CONVENTIONS).npb;
  const missing: Unmatched[] = [];
  return {
    id: 'fig3', title: 'NPB relative execution time',
    panels: [
      relativePanel(input, 'serial', 'Serial', 'kernel', c.serial, c.time, missing),
      relativePanel(input, 'openmp', 'OpenMP', 'kernel', c.openmp, c.time, missing),
    ],
    failures: failuresFor(input, [c.serial, c.openmp]), missing,
  };
}

/** Fig. 4: NPB MPI run time and speedup (over the platform's own smallest node count) vs node count, per kernel. */
export function figure4(input: FigureInput): FigureDataset {
  const c = (input.conventions ?? DEFAULT_CONVENTIONS).npb;
  const rows = pick(input, c.mpi, c.time);
  const measured = [...new Set(rows.map((s) => s.point))];
  const kernels = [...c.kernels.filter((k) => measured.includes(k)), ...measured.filter((k) => !c.kernels.includes(k)).sort()];
  const panels: FigurePanel[] = [];
  for (const kernel of kernels) {
    const ofKernel = rows.filter((s) => s.point === kernel);
    panels.push({
      id: `${kernel}-time`, title: `${kernel.toUpperCase()} run time`, xLabel: 'nodes', yLabel: `${c.time} (${ofKernel[0]?.unit ?? ''})`,
      series: seriesOf(ofKernel.map((s) => ({ platform: s.platform, point: absolutePoint(s, String(s.nodeCount)) })), input.baseline),
    });
    const speedups: { platform: string; point: FigurePoint }[] = [];
    for (const platform of new Set(ofKernel.map((s) => s.platform))) {
      const own = ofKernel.filter((s) => s.platform === platform).sort((a, b) => a.nodeCount - b.nodeCount);
      const first = own[0]!;
      for (const s of own) {
        // speedup = T(first) / T(n): a ratio of independent means, so Fieller again.
        const r = fiellerRatio(first, s, input.confidence ?? 0.95);
        speedups.push({ platform, point: { x: String(s.nodeCount), n: s.n, mean: r.ratio, ci: r.ci, sd: null, noisy: s.noisy || first.noisy } });
      }
    }
    panels.push({ id: `${kernel}-speedup`, title: `${kernel.toUpperCase()} speedup`, xLabel: 'nodes', yLabel: 'speedup over the smallest node count', series: seriesOf(speedups, input.baseline) });
  }
  return { id: 'fig4', title: 'NPB MPI performance', panels, failures: failuresFor(input, [c.mpi]), missing: [] };
}

export function allFigures(input: FigureInput): FigureDataset[] {
  return [figure1a(input), figure1b(input), figure2(input), figure3(input), figure4(input)];
}
