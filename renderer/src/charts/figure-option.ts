// Pure builder: one figure panel (main/contract/results.ts FigurePanel) to an ECharts option. Sizes and node counts
// (numeric x) draw as lines per platform with confidence intervals as error bars; kernels (category x, Fig. 3) draw as
// bars grouped by platform with error bars, as in the paper. Relative panels get the 1.0 / 100 reference line, sizes
// a log x axis, and tooltips give n, mean and CI.
// Every platform is always in the option: hidden ones are unselected in the legend, so a platform toggle is a legend
// action on the live chart (no option rebuild). A platform's error bars share its series name so they hide with it.
import type { FigurePanel, FigurePoint } from '../../../main/contract/results.ts';
import { fmt } from './format.ts';
import { platformColor } from './palette.ts';

export interface PanelOptionSettings {
  baseline: string;
  /** Every platform of the campaign (for stable colours), baseline included. */
  platforms: readonly string[];
  /** Platforms toggled off in the UI (unselected in the legend). */
  hidden?: ReadonlySet<string>;
  /** false for print and SVG export (no zoom slider). */
  interactive?: boolean;
}

/** [x, mean, ciLow, ciHigh, n, sd, p] per point: what the error bars and tooltips read. */
export type ErrorBarDatum = [number | string, number, number, number, number, number | null, number | null];
/** [category, mean, ciLow | null, ciHigh | null, n, slot]: one bar with its error bar. */
export type BarDatum = [string, number, number | null, number | null, number, number];

export const LARGE_THRESHOLD = 2000;
/** Name of the series carrying the reference line (not a platform, never in the legend). */
export const REFERENCE_SERIES = '\u200breference';
const ERROR_BAR_COLOR = '#222222';

export function isNumericAxis(panel: FigurePanel): boolean {
  return panel.series.every((s) => s.points.every((p) => p.x !== '' && Number.isFinite(Number(p.x)) && Number(p.x) > 0));
}

export function referenceValue(panel: FigurePanel): number | undefined {
  return panel.scale === 'ratio' || panel.scale === 'speedup' ? 1 : panel.scale === 'percent' ? 100 : undefined;
}

export function errorBarData(points: readonly FigurePoint[], numeric: boolean): ErrorBarDatum[] {
  return points.filter((p) => p.ci !== null).map((p) => [numeric ? Number(p.x) : p.x, p.mean, p.ci!.low, p.ci!.high, p.n, p.sd, p.p ?? null]);
}

export function barData(points: readonly FigurePoint[], slot: number): BarDatum[] {
  return points.map((p) => [p.x, p.mean, p.ci?.low ?? null, p.ci?.high ?? null, p.n, slot]);
}

/** Rows the legend takes in a panel drawn half the page wide (two figures side by side, ~520 px of legend): ECharts
 * wraps a legend that does not fit, and a fixed plot top let its second row cover the plot's top (six platforms of
 * the container scenario). About 7 px a character at the legend's 12 px, plus the symbol and the gap. */
export function legendRows(names: readonly string[], widthPx = 520): number {
  let rows = 1;
  let x = 0;
  for (const n of names) {
    const w = n.length * 7 + 35;
    if (x > 0 && x + w > widthPx) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}

/** Selected state of each platform in the legend: false for the hidden ones. */
export function legendSelection(platforms: readonly string[], hidden?: ReadonlySet<string>): Record<string, boolean> {
  return Object.fromEntries(platforms.map((p) => [p, !hidden?.has(p)]));
}

interface TooltipParam {
  seriesName: string;
  seriesType?: string;
  data: unknown;
  marker?: string;
}

function tooltipFormatter(panel: FigurePanel, numeric: boolean, bars: boolean) {
  const byKey = new Map<string, FigurePoint>();
  for (const s of panel.series) for (const p of s.points) byKey.set(`${s.platform}\u0000${numeric ? Number(p.x) : p.x}`, p);
  return (params: TooltipParam | TooltipParam[]): string => {
    const list = Array.isArray(params) ? params : [params];
    const lines: string[] = [];
    let x: string | undefined;
    for (const item of list) {
      // Line panels: the error-bar companions repeat the platform's point; bar panels: the bars are the custom series.
      if (!bars && item.seriesType === 'custom') continue;
      const d = item.data as [number | string, number];
      const p = byKey.get(`${item.seriesName}\u0000${d[0]}`);
      if (!p) continue;
      x ??= p.x;
      const ci = p.ci ? ` [${fmt(p.ci.low)}, ${fmt(p.ci.high)}]` : '';
      const sig = p.p === undefined || p.p === null ? '' : ` p=${fmt(p.p, 2)}${p.significant ? ' *' : ''}`;
      lines.push(`${item.marker ?? ''}${item.seriesName}: mean ${fmt(p.mean)}${ci} n=${p.n}${p.noisy ? ' (noisy)' : ''}${sig}`);
    }
    return [`${panel.xLabel}: ${x ?? ''}`, ...lines].join('<br/>');
  };
}

interface RenderApi {
  value(i: number): number | string;
  coord(v: [number | string, number]): [number, number];
  visual(key: 'color'): unknown;
  size?(v: [number, number]): number[] | number;
  style?(extra?: Record<string, unknown>): Record<string, unknown>;
}

function errorBarLines(x: number, low: number, high: number, half: number, stroke: string) {
  const style = { stroke, lineWidth: 1.2 };
  return [
    { type: 'line', shape: { x1: x, y1: low, x2: x, y2: high }, style },
    { type: 'line', shape: { x1: x - half, y1: low, x2: x + half, y2: low }, style },
    { type: 'line', shape: { x1: x - half, y1: high, x2: x + half, y2: high }, style },
  ];
}

/** Draws one vertical error bar with caps from the datum's CI (custom series renderItem). */
export function renderErrorBar(_params: unknown, api: RenderApi) {
  const x = api.value(0);
  const low = api.coord([x, Number(api.value(2))]);
  const high = api.coord([x, Number(api.value(3))]);
  return { type: 'group', children: errorBarLines(low[0], low[1], high[1], 4, String(api.visual('color'))) };
}

/**
 * renderItem of a bar with its error bar: each platform has a fixed slot in its category's band (slots keep their place
 * when a platform is toggled off, so the remaining bars do not jump).
 */
export function barRenderer(slots: number) {
  return (_params: unknown, api: RenderApi) => {
    const category = api.value(0);
    const mean = Number(api.value(1));
    const slot = Number(api.value(5));
    const size = api.size?.([1, 0]);
    const band = Array.isArray(size) ? size[0]! : Number(size ?? 40);
    const group = band * 0.72;
    const width = (group / slots) * 0.86;
    const base = api.coord([category, 0]);
    const top = api.coord([category, mean]);
    const center = base[0] - group / 2 + (slot + 0.5) * (group / slots);
    const color = String(api.visual('color'));
    const children: Record<string, unknown>[] = [
      {
        type: 'rect',
        shape: { x: center - width / 2, y: Math.min(top[1], base[1]), width, height: Math.abs(base[1] - top[1]) },
        style: { fill: color, stroke: color, lineWidth: 0.5 },
      },
    ];
    const lowValue = api.value(2);
    const highValue = api.value(3);
    if (
      Number.isFinite(Number(lowValue)) &&
      Number.isFinite(Number(highValue)) &&
      lowValue !== null &&
      highValue !== null &&
      lowValue !== '' &&
      highValue !== ''
    ) {
      const low = api.coord([category, Number(lowValue)]);
      const high = api.coord([category, Number(highValue)]);
      children.push(...errorBarLines(center, low[1], high[1], Math.max(2, Math.min(6, width / 4)), ERROR_BAR_COLOR));
    }
    return { type: 'group', children };
  };
}

/** A sweep of a few points (message sizes, node counts) is labelled at each measured x: the axis's own ticks on a log
 * scale label only some of them (1, 64 and 1,024 B showed only 1,024). Many points keep the automatic ticks. */
const MAX_MEASURED_TICKS = 12;
function measuredXs(panel: FigurePanel): number[] {
  const xs = panel.series.flatMap((s) => s.points.map((p) => Number(p.x))).concat((panel.undrawnXs ?? []).map(Number));
  return [...new Set(xs)].filter(Number.isFinite).sort((a, b) => a - b);
}
function measuredTicks(xs: readonly number[]): Record<string, unknown> {
  if (xs.length === 0 || xs.length > MAX_MEASURED_TICKS) return {};
  return { axisLabel: { customValues: xs }, axisTick: { customValues: xs } };
}

/** Words of a note in lines of at most `width` characters (ECharts' own break, by pixel width, left-aligns its lines). */
export function wrapNote(text: string, width = 36): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const isEmpty = (panel: FigurePanel) => panel.series.every((s) => s.points.length === 0);

/** An empty panel's notes (why nothing is drawn: no speedup defined at any count), centred in its plot on white (the
 * grid lines do not run through the words). A panel with points leaves them to the figure's notes (Compare and the
 * report print them above it), not over its lines. */
function notesGraphic(panel: FigurePanel): Record<string, unknown>[] {
  if (!panel.notes?.length || !isEmpty(panel)) return [];
  return [
    {
      type: 'text',
      left: 'center',
      top: 'middle',
      silent: true,
      style: {
        text: panel.notes.flatMap((n) => wrapNote(n)).join('\n'),
        fill: '#333',
        fontSize: 12,
        lineHeight: 16,
        align: 'center',
        backgroundColor: '#ffffff',
        padding: [4, 6],
      },
    },
  ];
}

/** The x range: the measured one, or around a single x (one node count in Fig. 4): from 'dataMin' to 'dataMax' ECharts
 * put that x on the plot's edge, its points half outside the frame and its label in the corner (under the reference
 * line's label), so it read as no label at all. One step either side (a factor of 2 on the log axis) centres it. */
function xRange(xs: readonly number[], logX: boolean): { min: number | string; max: number | string } {
  if (xs.length !== 1) return { min: 'dataMin', max: 'dataMax' };
  const x = xs[0]!;
  return logX ? { min: x / 2, max: x * 2 } : { min: x - Math.max(1, Math.abs(x) / 2), max: x + Math.max(1, Math.abs(x) / 2) };
}

function referenceSeries(panel: FigurePanel, ref: number, baseline: string): Record<string, unknown> {
  return {
    name: REFERENCE_SERIES,
    type: 'line',
    data: [],
    silent: true,
    tooltip: { show: false },
    markLine: {
      silent: true,
      symbol: 'none',
      animation: false,
      lineStyle: { color: '#555', type: 'solid', width: 1 },
      // Right of the plot, where it covers neither lines nor error bars (the grid leaves room for it).
      label: {
        formatter: panel.scale === 'speedup' ? '1.0 =\nno speedup' : `${ref === 100 ? '100%' : '1.0'} =\n${baseline}`,
        // Above the line's end: at the foot of the plot it would sit on the last x label.
        position: 'end',
        verticalAlign: 'bottom',
        fontSize: 11,
        lineHeight: 13,
      },
      data: [{ yAxis: ref }],
    },
  };
}

export function buildPanelOption(panel: FigurePanel, settings: PanelOptionSettings): Record<string, unknown> {
  const interactive = settings.interactive ?? true;
  const numeric = isNumericAxis(panel);
  const bars = !numeric;
  const logX = numeric && panel.logX;
  const xs = numeric ? measuredXs(panel) : [];
  const categories = numeric ? undefined : [...new Set(panel.series.flatMap((s) => s.points.map((p) => p.x)))];
  const ref = referenceValue(panel);
  const total = panel.series.reduce((n, s) => n + s.points.length, 0);
  const large = total > LARGE_THRESHOLD;
  const series: Record<string, unknown>[] = [];
  const renderBar = barRenderer(Math.max(1, panel.series.length));
  panel.series.forEach((s, slot) => {
    const color = platformColor(s.platform, settings.platforms, settings.baseline);
    if (bars) {
      series.push({
        name: s.platform,
        type: 'custom',
        color,
        renderItem: renderBar,
        data: barData(s.points, slot),
        encode: { x: 0, y: [1, 2, 3], tooltip: [1] },
        emphasis: { focus: 'series' },
      });
      return;
    }
    series.push({
      name: s.platform,
      type: 'line',
      color,
      showSymbol: !large,
      symbolSize: 6,
      lineStyle: { width: s.baseline ? 1.5 : 2, type: s.baseline && ref !== undefined ? 'dashed' : 'solid' },
      data: s.points.map((p) => [Number(p.x), p.mean]),
      ...(large ? { sampling: 'lttb', progressive: LARGE_THRESHOLD, progressiveThreshold: LARGE_THRESHOLD } : {}),
      emphasis: { focus: 'series' },
    });
    const ci = errorBarData(s.points, true);
    if (ci.length > 0) {
      series.push({
        name: s.platform,
        type: 'custom',
        color,
        renderItem: renderErrorBar,
        data: ci,
        encode: { x: 0, y: [1, 2, 3] },
        z: 3,
        silent: true,
        tooltip: { show: false },
      });
    }
  });
  // An empty panel (its note says why) draws no reference line: alone on an axis without values it marks nothing.
  if (ref !== undefined && !isEmpty(panel)) series.push(referenceSeries(panel, ref, settings.baseline));
  const platformNames = panel.series.map((s) => s.platform);
  return {
    // Off: first draws finish at once and toggles/redraws do not replay entry animations.
    animation: false,
    title: { text: panel.title, left: 'center', top: 2, textStyle: { fontSize: 13 } },
    // Room right of the plot for the reference line's label ("no speedup" is the longest: 'no speedu' in print at 76).
    grid: {
      left: 70,
      right: ref === undefined ? 24 : panel.scale === 'speedup' ? 88 : 76,
      top: 56 + 20 * (legendRows(platformNames) - 1),
      bottom: interactive && numeric ? 82 : 56,
    },
    graphic: notesGraphic(panel),
    legend: { top: 26, data: platformNames, selected: legendSelection(platformNames, settings.hidden) },
    tooltip: { trigger: 'axis', confine: true, ...(bars ? { axisPointer: { type: 'shadow' } } : {}), formatter: tooltipFormatter(panel, numeric, bars) },
    xAxis: numeric
      ? {
          type: logX ? 'log' : 'value',
          logBase: 2,
          name: panel.xLabel,
          nameLocation: 'middle',
          nameGap: 28,
          scale: !logX,
          // xs drawn for nobody (undefined speedups) still belong on the axis: from dataMin it would start at the first drawn.
          ...(panel.undrawnXs?.length && xs.length > 1 ? { min: xs[0], max: xs[xs.length - 1] } : xRange(xs, logX)),
          ...measuredTicks(xs),
        }
      : { type: 'category', data: categories, name: panel.xLabel, nameLocation: 'middle', nameGap: 28 },
    yAxis: {
      type: 'value',
      name: panel.yLabel,
      nameLocation: 'middle',
      nameGap: 54,
      scale: ref === undefined && !bars,
      min: ref !== undefined || bars ? 0 : undefined,
    },
    dataZoom:
      interactive && numeric
        ? [
            { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
            { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8, filterMode: 'none', showDataShadow: false },
          ]
        : [],
    series,
  };
}
