// Pure builder: one figure panel (main/contract/results.ts FigurePanel) to an ECharts option. Lines per platform,
// confidence intervals as error bars (a custom series), the 1.0 / 100 reference line on relative panels, log x for
// sizes, zoom, and tooltips with n, mean and CI.
import type { FigurePanel, FigurePoint } from '../../../main/contract/results.ts';
import { fmt } from './format.ts';
import { platformColor } from './palette.ts';

export interface PanelOptionSettings {
  baseline: string;
  /** Every platform of the campaign (for stable colours), baseline included. */
  platforms: readonly string[];
  /** Platforms toggled off in the UI. */
  hidden?: ReadonlySet<string>;
  /** false for print and SVG export (no animation, no zoom slider). */
  interactive?: boolean;
}

/** [x, mean, ciLow, ciHigh, n, sd, p] per point: what the error bars and tooltips read. */
export type ErrorBarDatum = [number | string, number, number, number, number, number | null, number | null];

export const LARGE_THRESHOLD = 2000;

export function isNumericAxis(panel: FigurePanel): boolean {
  return panel.series.every((s) => s.points.every((p) => p.x !== '' && Number.isFinite(Number(p.x)) && Number(p.x) > 0));
}

export function referenceValue(panel: FigurePanel): number | undefined {
  return panel.scale === 'ratio' || panel.scale === 'speedup' ? 1 : panel.scale === 'percent' ? 100 : undefined;
}

export function errorBarData(points: readonly FigurePoint[], numeric: boolean): ErrorBarDatum[] {
  return points.filter((p) => p.ci !== null).map((p) => [numeric ? Number(p.x) : p.x, p.mean, p.ci!.low, p.ci!.high, p.n, p.sd, p.p ?? null]);
}

interface TooltipParam { seriesName: string; data: unknown; marker?: string }

function tooltipFormatter(panel: FigurePanel, numeric: boolean) {
  const byKey = new Map<string, FigurePoint>();
  for (const s of panel.series) for (const p of s.points) byKey.set(`${s.platform}\u0000${numeric ? Number(p.x) : p.x}`, p);
  return (params: TooltipParam | TooltipParam[]): string => {
    const list = Array.isArray(params) ? params : [params];
    const lines: string[] = [];
    let x: string | undefined;
    for (const item of list) {
      if (item.seriesName.endsWith(' CI')) continue;
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

/** Draws one vertical error bar with caps from the datum's CI (custom series renderItem). */
export function renderErrorBar(_params: unknown, api: {
  value(i: number): number | string; coord(v: [number | string, number]): [number, number]; visual(key: 'color'): unknown;
}) {
  const x = api.value(0);
  const low = api.coord([x, Number(api.value(2))]);
  const high = api.coord([x, Number(api.value(3))]);
  const half = 4;
  const style = { stroke: String(api.visual('color')), lineWidth: 1.2 };
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
      { type: 'line', shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style },
      { type: 'line', shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style },
    ],
  };
}

export function buildPanelOption(panel: FigurePanel, settings: PanelOptionSettings): Record<string, unknown> {
  const interactive = settings.interactive ?? true;
  const numeric = isNumericAxis(panel);
  const logX = numeric && panel.logX;
  const categories = numeric ? undefined : [...new Set(panel.series.flatMap((s) => s.points.map((p) => p.x)))];
  const ref = referenceValue(panel);
  const visible = panel.series.filter((s) => !settings.hidden?.has(s.platform));
  const total = visible.reduce((n, s) => n + s.points.length, 0);
  const large = total > LARGE_THRESHOLD;
  const series: Record<string, unknown>[] = [];
  for (const s of visible) {
    const color = platformColor(s.platform, settings.platforms, settings.baseline);
    series.push({
      name: s.platform, type: 'line', color, showSymbol: !large, symbolSize: 6,
      lineStyle: { width: s.baseline ? 1.5 : 2, type: s.baseline && ref !== undefined ? 'dashed' : 'solid' },
      data: s.points.map((p) => [numeric ? Number(p.x) : p.x, p.mean]),
      ...(large ? { sampling: 'lttb', progressive: LARGE_THRESHOLD, progressiveThreshold: LARGE_THRESHOLD } : {}),
      emphasis: { focus: 'series' },
      ...(ref !== undefined && series.length === 0 ? {
        markLine: {
          silent: true, symbol: 'none', animation: false,
          lineStyle: { color: '#555', type: 'solid', width: 1 },
          label: { formatter: panel.scale === 'speedup' ? '1.0 = no speedup' : `${ref === 100 ? '100%' : '1.0'} = ${settings.baseline}`, position: 'insideEndTop' },
          data: [{ yAxis: ref }],
        },
      } : {}),
    });
    const bars = errorBarData(s.points, numeric);
    if (bars.length > 0) {
      series.push({ name: `${s.platform} CI`, type: 'custom', color, renderItem: renderErrorBar, data: bars, encode: { x: 0, y: [1, 2, 3] }, z: 3, silent: true });
    }
  }
  const platformNames = visible.map((s) => s.platform);
  return {
    animation: interactive, animationDuration: 150, animationDurationUpdate: 0,
    title: { text: panel.title, left: 'center', top: 2, textStyle: { fontSize: 13 } },
    grid: { left: 70, right: 24, top: 56, bottom: interactive ? 82 : 56 },
    legend: { top: 26, data: platformNames },
    tooltip: { trigger: 'axis', confine: true, formatter: tooltipFormatter(panel, numeric) },
    xAxis: numeric
      ? { type: logX ? 'log' : 'value', logBase: 2, name: panel.xLabel, nameLocation: 'middle', nameGap: 28, scale: !logX, min: 'dataMin', max: 'dataMax' }
      : { type: 'category', data: categories, name: panel.xLabel, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: panel.yLabel, nameLocation: 'middle', nameGap: 54, scale: ref === undefined, min: ref !== undefined ? 0 : undefined },
    dataZoom: interactive ? [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'slider', xAxisIndex: 0, height: 18, bottom: 8, filterMode: 'none' }] : [],
    series,
  };
}
