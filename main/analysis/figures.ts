// The datasets behind the figures, as plain data: panels of series per platform whose points carry n, mean and a
// confidence interval. Which figures exist is each benchmark module's say (its `figures`: the paper's Figs. 1-4 from
// netperf, IOzone and NPB, and whatever a new module adds); this file only knows the panel kinds. Failed combinations
// are listed with their reason, never dropped.
import type { FigurePanelSpec, FigureSpec } from '../benchmarks/module.ts';
import { allModules, runParams } from '../benchmarks/registry.ts';
import { fiellerRatio } from './fieller.ts';
import { relativeToBaseline, type Unmatched } from './relative.ts';
import { comparePoints, compareText } from './summary.ts';
import type { FailedRun, Interval, Summary } from './types.ts';

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

export interface FigureSeries {
  platform: string;
  baseline: boolean;
  points: FigurePoint[];
}

export interface FigurePanel {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: FigureSeries[];
  /** What is not drawn and why, one plain sentence each (a speedup over a time of 0.00 s is not defined). */
  notes?: string[];
  /** xs measured but drawn for no platform (their points are undefined): the x axis still spans them. */
  undrawnXs?: string[];
}

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
  /** The module's figure id (fig1a ... fig4, hpcc, ...). */
  id: string;
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
  confidence?: number;
  alpha?: number;
}

const byPlatform = (baseline: string) => (a: FigureSeries, b: FigureSeries) =>
  a.platform === baseline ? -1 : b.platform === baseline ? 1 : compareText(a.platform, b.platform);

function seriesOf(items: readonly { platform: string; point: FigurePoint }[], baseline: string): FigureSeries[] {
  const map = new Map<string, FigurePoint[]>();
  for (const { platform, point } of items) {
    const list = map.get(platform) ?? [];
    list.push(point);
    map.set(platform, list);
  }
  return [...map]
    .map(([platform, points]) => ({ platform, baseline: platform === baseline, points: points.sort((a, b) => comparePoints(a.x, b.x)) }))
    .sort(byPlatform(baseline));
}

const absolutePoint = (s: Summary, x = s.point): FigurePoint => ({ x, n: s.n, mean: s.mean, ci: s.ci, sd: s.sd, noisy: s.noisy });

function pick(input: FigureInput, benchmark: string, metric: string): Summary[] {
  return input.summaries.filter((s) => s.benchmark === benchmark && s.metric === metric);
}

export function absolutePanel(input: FigureInput, id: string, title: string, xLabel: string, benchmark: string, metric: string): FigurePanel {
  const rows = pick(input, benchmark, metric);
  const unit = rows[0]?.unit ?? '';
  return {
    id,
    title,
    xLabel,
    yLabel: `${metric} (${unit})`,
    series: seriesOf(
      rows.map((s) => ({ platform: s.platform, point: absolutePoint(s) })),
      input.baseline,
    ),
  };
}

export function relativePanel(
  input: FigureInput,
  id: string,
  title: string,
  xLabel: string,
  benchmark: string,
  metric: string,
  missing: Unmatched[],
): FigurePanel {
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
  for (const [x, b] of basePoints)
    items.push({ platform: input.baseline, point: { x, n: b.n, mean: one, ci: null, sd: null, noisy: b.noisy, p: null, significant: false } });
  return {
    id,
    title,
    xLabel,
    yLabel: percent ? `% of ${input.baseline} ${metric}` : `${metric} relative to ${input.baseline} (1.0 = ${input.baseline})`,
    series: seriesOf(items, input.baseline),
  };
}

/** The x of a failed run (its point never got measured): its module's point key. */
function failedX(f: FailedRun): string {
  const r = runParams(f.benchmark, f.params);
  return 'error' in r ? '' : r.module.pointKey(r.params);
}

function failuresFor(input: FigureInput, benchmarks: readonly string[]): FigureFailure[] {
  const grouped = new Map<string, FigureFailure>();
  for (const f of input.failed) {
    if (!benchmarks.includes(f.benchmark)) continue;
    const x = failedX(f);
    const key = [f.platform, f.benchmark, x, f.nodeCount].join('\u0000');
    const g = grouped.get(key);
    if (g) {
      g.runIds.push(f.runId);
      if (!g.reason.split('; ').includes(f.reason)) g.reason += `; ${f.reason}`;
    } else {
      grouped.set(key, { platform: f.platform, benchmark: f.benchmark, x, nodeCount: f.nodeCount, state: f.state, reason: f.reason, runIds: [f.runId] });
    }
  }
  return [...grouped.values()].sort(
    (a, b) => compareText(a.platform, b.platform) || compareText(a.benchmark, b.benchmark) || comparePoints(a.x, b.x) || a.nodeCount - b.nodeCount,
  );
}

/** Scaling: per point (e.g. NPB kernel) the value over node counts, and the speedup over the platform's smallest. */
export function scalingPanels(input: FigureInput, spec: FigurePanelSpec): FigurePanel[] {
  const rows = pick(input, spec.benchmark, spec.metric);
  const points = [...new Set(rows.map((s) => s.point))].sort(comparePoints);
  const panels: FigurePanel[] = [];
  for (const point of points) {
    const ofPoint = rows.filter((s) => s.point === point);
    const name = point.toUpperCase();
    panels.push({
      id: `${point}-time`,
      title: `${name} ${spec.title}`,
      xLabel: spec.xLabel,
      yLabel: `${spec.metric} (${ofPoint[0]?.unit ?? ''})`,
      series: seriesOf(
        ofPoint.map((s) => ({ platform: s.platform, point: absolutePoint(s, String(s.nodeCount)) })),
        input.baseline,
      ),
    });
    const speedups = speedupPoints(ofPoint, name, input.baseline, input.confidence ?? 0.95);
    const drawn = new Set(speedups.items.map((i) => i.point.x));
    const undrawn = [...new Set(speedups.undefinedAt)].filter((x) => !drawn.has(x)).sort(comparePoints);
    panels.push({
      id: `${point}-speedup`,
      title: `${name} speedup`,
      xLabel: spec.xLabel,
      yLabel: 'speedup over the smallest node count',
      series: seriesOf(speedups.items, input.baseline),
      ...(speedups.notes.length ? { notes: speedups.notes } : {}),
      ...(undrawn.length ? { undrawnXs: undrawn } : {}),
    });
  }
  return panels;
}

/**
 * Speedup per platform over its smallest node count: T(first) / T(n) for times, V(n) / V(first) for rates, a ratio of
 * independent means (Fieller). Where a time is 0 (NPB prints 0.00 s when a kernel ends within its timer's resolution,
 * e.g. IS class S on 1 node) or a rate's base is 0, the ratio is 0, infinite or 0/0: no speedup is defined there, so no
 * point is made (it would read as a measured 0) and a note says why, for every platform it applies to.
 */
function speedupPoints(
  ofPoint: readonly Summary[],
  name: string,
  baseline: string,
  confidence: number,
): { items: { platform: string; point: FigurePoint }[]; notes: string[]; undefinedAt: string[] } {
  const items: { platform: string; point: FigurePoint }[] = [];
  const undefinedAt: string[] = [];
  const why = new Map<string, string[]>();
  const lowerIsBetter = ofPoint[0]?.better !== 'higher';
  const zero = (s: Summary) => !(s.mean > 0);
  const say = (s: Summary, platform: string, where: string) => {
    const value =
      s.metric === 'time'
        ? `${s.nodeCount}-node time ${s.mean.toFixed(2)} ${s.unit}, below the timer's resolution`
        : `${s.nodeCount}-node ${s.metric} ${s.mean} ${s.unit}`;
    const text = `${name}: ${value}; no speedup defined${where}`;
    why.set(text, [...(why.get(text) ?? []), platform]);
  };
  for (const platform of [...new Set(ofPoint.map((s) => s.platform))].sort((a, b) => (a === baseline ? -1 : b === baseline ? 1 : compareText(a, b)))) {
    const own = ofPoint.filter((s) => s.platform === platform).sort((a, b) => a.nodeCount - b.nodeCount);
    const first = own[0]!;
    if (zero(first)) {
      say(first, platform, '');
      undefinedAt.push(...own.map((s) => String(s.nodeCount)));
      continue;
    }
    for (const s of own) {
      if (lowerIsBetter && zero(s)) {
        say(s, platform, ` at ${s.nodeCount} nodes`);
        undefinedAt.push(String(s.nodeCount));
        continue;
      }
      const r = lowerIsBetter ? fiellerRatio(first, s, confidence) : fiellerRatio(s, first, confidence);
      items.push({ platform, point: { x: String(s.nodeCount), n: s.n, mean: r.ratio, ci: r.ci, sd: null, noisy: s.noisy || first.noisy } });
    }
  }
  const notes = [...why].map(([text, platforms]) => `${text} (${platforms.join(', ')})`);
  return { items, notes, undefinedAt };
}

/** A figure's title for this comparison: `{baseline}` names the scenario's baseline platform. */
export function figureTitle(spec: Pick<FigureSpec, 'title'>, baseline: string): string {
  return spec.title.replaceAll('{baseline}', baseline);
}

/** One figure of a module, from its spec. */
export function figureOf(input: FigureInput, spec: FigureSpec): FigureDataset {
  const missing: Unmatched[] = [];
  const panels = spec.panels.flatMap((p) =>
    p.kind === 'absolute'
      ? [absolutePanel(input, p.id, p.title, p.xLabel, p.benchmark, p.metric)]
      : p.kind === 'relative'
        ? [relativePanel(input, p.id, p.title, p.xLabel, p.benchmark, p.metric, missing)]
        : scalingPanels(input, p),
  );
  return {
    id: spec.id,
    title: figureTitle(spec, input.baseline),
    panels,
    failures: failuresFor(input, [...new Set(spec.panels.map((p) => p.benchmark))]),
    missing,
  };
}

/** Every module's figures, in registry order. */
export function figureSpecs(): FigureSpec[] {
  return allModules().flatMap((m) => [...m.figures]);
}

export function allFigures(input: FigureInput): FigureDataset[] {
  return figureSpecs().map((spec) => figureOf(input, spec));
}
