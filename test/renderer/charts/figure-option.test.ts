// Option builders over real figure datasets: a results database built from the recorded benchmark outputs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResultsDb } from '../../e2e/support/results-fixture.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { campaignFiguresResult, loadCampaignData } from '../../../main/reports/figures.ts';
import { overviewOf } from '../../../main/reports/overview.ts';
import { spreadOf } from '../../../main/reports/spread.ts';
import type { FigureDataset, FigurePanel, FiguresResult } from '../../../main/contract/results.ts';
import {
  barRenderer,
  buildPanelOption,
  errorBarData,
  legendRows,
  renderErrorBar,
  LARGE_THRESHOLD,
  REFERENCE_SERIES,
} from '../../../renderer/src/charts/figure-option.ts';
import { buildHeatmapOption } from '../../../renderer/src/charts/heatmap-option.ts';
import { buildBoxplotOption } from '../../../renderer/src/charts/boxplot-option.ts';
import { echarts } from '../../../renderer/src/charts/echarts.ts';

type Series = {
  name: string;
  type: string;
  data: unknown[];
  markLine?: { data: { yAxis: number }[] };
  sampling?: string;
  renderItem?: (params: unknown, api: unknown) => { children: { type: string; shape: Record<string, number> }[] };
};
type Option = {
  series: Series[];
  xAxis: { type: string; logBase?: number; data?: string[] };
  yAxis: { name: string; min?: number };
  dataZoom: unknown[];
  animation: boolean;
  legend: { data: string[]; selected: Record<string, boolean> };
  tooltip: { formatter: (p: unknown) => string };
};

const dir = mkdtempSync(join(tmpdir(), 'vl-charts-'));
let db: Database;
let campaignId: number;
let relative: FiguresResult;
let absolute: FiguresResult;

beforeAll(() => {
  campaignId = buildResultsDb(join(dir, 'r.db'), { repetitions: 4 }).campaignId;
  db = openDatabase({ path: join(dir, 'r.db'), readonly: true });
  relative = campaignFiguresResult(db, campaignId, { mode: 'relative' });
  absolute = campaignFiguresResult(db, campaignId, { mode: 'absolute' });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const fig = (r: FiguresResult, id: FigureDataset['id']) => r.figures.find((f) => f.id === id)!;
const settings = (r: FiguresResult) => ({ baseline: r.baseline, platforms: r.platforms.map((p) => p.name) });
const option = (r: FiguresResult, panel: FigurePanel, extra: object = {}) => buildPanelOption(panel, { ...settings(r), ...extra }) as unknown as Option;

describe('figure panels', () => {
  it('draws one line and one error-bar series per platform, the error bars under the platform name (they hide with it)', () => {
    const panel = fig(absolute, 'fig1a').panels[0]!;
    const o = option(absolute, panel);
    expect(o.series.filter((s) => s.type === 'line').map((s) => s.name)).toEqual(['native', 'kvm', 'openvz']);
    expect(o.series.filter((s) => s.type === 'custom').map((s) => s.name)).toEqual(['native', 'kvm', 'openvz']);
    expect(o.legend.data).toEqual(['native', 'kvm', 'openvz']);
  });

  it('draws Fig. 3 as bars grouped by platform, each with its confidence interval as an error bar, from 0 up', () => {
    for (const r of [relative, absolute]) {
      const panel = fig(r, 'fig3').panels[0]!;
      const o = option(r, panel);
      const bars = o.series.filter((s) => s.type === 'custom');
      expect(bars.map((s) => s.name)).toEqual(['native', 'kvm', 'openvz']);
      expect(o.series.some((s) => s.type === 'line' && s.name !== REFERENCE_SERIES)).toBe(false);
      expect(o.yAxis.min).toBe(0);
      // [kernel, mean, ciLow, ciHigh, n, slot]: one bar per kernel, in the platform's slot.
      const kvm = panel.series.find((s) => s.platform === 'kvm')!;
      const data = bars[1]!.data as [string, number, number | null, number | null, number, number][];
      expect(data.map((d) => d[0])).toEqual(['ep', 'is']);
      for (const [i, d] of data.entries()) {
        const p = kvm.points[i]!;
        expect(d).toEqual([p.x, p.mean, p.ci!.low, p.ci!.high, p.n, 1]);
      }
    }
    // renderItem: a rect from the axis (0) to the mean, in the platform's slot of the band, and an error bar with caps.
    const datum = [1, 1.2, 1.1, 1.3, 5, 2];
    const drawn = barRenderer(3)(null, {
      value: (i: number) => datum[i]!,
      coord: ([x, y]: [number, number]) => [100 * x + 50, 300 - 100 * y],
      visual: () => '#123456',
      size: () => [90, 0],
    });
    const [rect, stem, capLow, capHigh] = drawn.children as { type: string; shape: Record<string, number> }[];
    expect(rect!.type).toBe('rect');
    expect(rect!.shape.y).toBeCloseTo(300 - 120, 6);
    expect(rect!.shape.height).toBeCloseTo(120, 6);
    const band = 90 * 0.72;
    expect(rect!.shape.x! + rect!.shape.width! / 2).toBeCloseTo(150 - band / 2 + 2.5 * (band / 3), 6); // third slot
    expect(stem!.shape).toMatchObject({ y1: 300 - 110, y2: 300 - 130 });
    expect(capLow!.shape.y1).toBe(capLow!.shape.y2);
    expect(capHigh!.shape.y1).toBe(300 - 130);
    // No interval (the baseline relative to itself): the bar alone.
    const plain = [0, 1, null, null, 5, 0];
    expect(
      barRenderer(3)(null, { value: (i: number) => plain[i] as number, coord: ([x, y]: [number, number]) => [x, y], visual: () => '#000', size: () => [90, 0] })
        .children,
    ).toHaveLength(1);
  });

  it('error bars carry the confidence interval around the mean of every point', () => {
    const panel = fig(absolute, 'fig2').panels[0]!;
    const kvm = panel.series.find((s) => s.platform === 'kvm')!;
    const bars = errorBarData(kvm.points, true);
    expect(bars).toHaveLength(kvm.points.length);
    for (const [i, b] of bars.entries()) {
      const p = kvm.points[i]!;
      expect(b[0]).toBe(Number(p.x));
      expect(b[1]).toBe(p.mean);
      expect(b[2]).toBe(p.ci!.low);
      expect(b[3]).toBe(p.ci!.high);
      expect(b[2]).toBeLessThan(b[1]);
      expect(b[3]).toBeGreaterThan(b[1]);
      expect(b[4]).toBe(4);
    }
    // renderItem maps the interval to pixels: a vertical stroke from low to high plus two caps.
    const drawn = renderErrorBar(null, { value: (i) => bars[0]![i]!, coord: ([x, y]) => [Number(x), y * 10], visual: () => '#123456' });
    expect(drawn.children).toHaveLength(3);
    expect(drawn.children[0]!.shape).toEqual({ x1: bars[0]![0], y1: bars[0]![2] * 10, x2: bars[0]![0], y2: bars[0]![3] * 10 });
  });

  it('puts the 1.0 line on Fig. 3 (relative execution time), 100 on relative bandwidth, none on absolute values', () => {
    for (const panel of fig(relative, 'fig3').panels) {
      const lines = option(relative, panel).series.flatMap((s) => s.markLine?.data ?? []);
      expect(lines).toEqual([{ yAxis: 1 }]);
    }
    expect(option(relative, fig(relative, 'fig1b').panels[0]!).series.flatMap((s) => s.markLine?.data ?? [])).toEqual([{ yAxis: 100 }]);
    expect(option(absolute, fig(absolute, 'fig1a').panels[0]!).series.flatMap((s) => s.markLine?.data ?? [])).toEqual([]);
  });

  it('uses a log2 axis for message and file sizes, categories for kernels', () => {
    expect(option(absolute, fig(absolute, 'fig1a').panels[0]!).xAxis).toMatchObject({ type: 'log', logBase: 2 });
    expect(option(absolute, fig(absolute, 'fig2').panels[1]!).xAxis).toMatchObject({ type: 'log', logBase: 2 });
    expect(option(relative, fig(relative, 'fig3').panels[0]!).xAxis).toMatchObject({ type: 'category', data: ['ep', 'is'] });
  });

  it('labels a sweep of a few sizes at each measured size (a log axis alone labels only some of them)', () => {
    const panel = fig(absolute, 'fig1a').panels[0]!;
    const sizes = [...new Set(panel.series.flatMap((s) => s.points.map((p) => Number(p.x))))].sort((a, b) => a - b);
    expect(sizes.length).toBeGreaterThan(1);
    const x = option(absolute, panel).xAxis as { axisLabel?: { customValues?: number[] }; axisTick?: { customValues?: number[] } };
    expect(x.axisLabel?.customValues).toEqual(sizes);
    expect(x.axisTick?.customValues).toEqual(sizes);
  });

  it('absolute and relative modes draw different numbers and axis names for the same panel', () => {
    const abs = option(absolute, fig(absolute, 'fig1a').panels[0]!);
    const rel = option(relative, fig(relative, 'fig1a').panels[0]!);
    expect(abs.yAxis.name).toMatch(/half_rtt \(us\)/);
    expect(rel.yAxis.name).toMatch(/relative to native/);
    const native = rel.series.find((s) => s.name === 'native')!.data as [number, number][];
    expect(native.every(([, y]) => y === 1)).toBe(true);
    const kvmAbs = abs.series.find((s) => s.name === 'kvm')!.data as [number, number][];
    const nativeAbs = abs.series.find((s) => s.name === 'native')!.data as [number, number][];
    const kvmRel = rel.series.find((s) => s.name === 'kvm')!.data as [number, number][];
    expect(kvmRel[0]![1]).toBeCloseTo(kvmAbs[0]![1] / nativeAbs[0]![1], 10);
  });

  it('keeps toggled-off platforms in the option, unselected in the legend; zoom when interactive and none for print', () => {
    const panel = fig(absolute, 'fig1a').panels[0]!;
    const o = option(absolute, panel, { hidden: new Set(['kvm']) });
    expect(o.series.map((s) => s.name)).toEqual(['native', 'native', 'kvm', 'kvm', 'openvz', 'openvz']);
    expect(o.legend.selected).toEqual({ native: true, kvm: false, openvz: true });
    expect(o.dataZoom).toHaveLength(2);
    expect(o.animation).toBe(false);
    const print = option(absolute, panel, { interactive: false });
    expect(print.dataZoom).toEqual([]);
    expect(print.legend.selected).toEqual({ native: true, kvm: true, openvz: true });
  });

  it('tooltips show n, mean and the confidence interval', () => {
    const panel = fig(absolute, 'fig1a').panels[0]!;
    const o = option(absolute, panel);
    const p = panel.series[1]!.points[0]!;
    const text = o.tooltip.formatter([{ seriesName: panel.series[1]!.platform, data: [Number(p.x), p.mean] }]);
    expect(text).toContain(`n=${p.n}`);
    expect(text).toMatch(/mean [\d.]+ \[[\d.]+, [\d.]+\]/);
  });

  it('samples big series (lttb, progressive) past the large threshold', () => {
    const points = Array.from({ length: LARGE_THRESHOLD + 10 }, (_, i) => ({ x: String(i + 1), n: 3, mean: i, ci: null, sd: null, noisy: false }));
    const panel: FigurePanel = {
      id: 'big',
      title: 'big',
      xLabel: 'x',
      yLabel: 'y',
      scale: 'absolute',
      logX: false,
      series: [{ platform: 'native', baseline: true, points }],
    };
    const o = buildPanelOption(panel, { baseline: 'native', platforms: ['native'] }) as unknown as Option;
    expect(o.series[0]).toMatchObject({ sampling: 'lttb' });
  });
});

describe('overview heatmap and spread box plots', () => {
  it('one heatmap cell per platform and group, kvm slower than openvz on latency', () => {
    const ov = overviewOf(campaignId, loadCampaignData(db, campaignId, {}));
    const o = buildHeatmapOption(ov) as unknown as { series: { data: [number, number, number][] }[]; xAxis: { data: string[] } };
    expect(o.xAxis.data).toEqual(['Latency', 'Bandwidth', 'IOzone writer', 'IOzone reader', 'NPB serial', 'NPB OpenMP', 'NPB MPI']);
    expect(o.series[0]!.data).toHaveLength(ov.platforms.length * ov.groups.length);
    const cell = (platform: string, group: string) => ov.cells.find((c) => c.platform === platform && c.group === group)!.overheadPct;
    expect(cell('kvm', 'Latency')).toBeGreaterThan(cell('openvz', 'Latency'));
  });

  it('one box per platform and point with ordered five numbers', () => {
    const spread = spreadOf(db, campaignId, { benchmark: 'iozone', metric: 'writer' });
    const o = buildBoxplotOption(spread.groups, { baseline: 'native', platforms: ['native', 'kvm', 'openvz'] }) as unknown as {
      series: { name: string; type: string; data: number[][] }[];
      xAxis: { data: string[] };
    };
    expect(o.series.map((s) => s.name)).toEqual(['native', 'kvm', 'openvz']);
    expect(o.xAxis.data).toEqual(['1024', '2048', '4096', '8192', '16384', '32768', '65536']);
    for (const s of o.series) for (const box of s.data) expect([...box].sort((a, b) => a - b)).toEqual(box);
  });

  it("leaves room above the plot for a legend that wraps (the container scenario's six platforms)", () => {
    expect(legendRows(['native', 'docker'])).toBe(1);
    expect(legendRows(['native', 'ui-charliecloud', 'ui-docker-bridge', 'ui-lxc', 'ui-podman-bridge', 'ui-podman-slirp'])).toBe(2);
  });
});

/** The panel drawn by ECharts itself (its SVG renderer, server-side): where the x lands in the plot, and the x axis's
 * labels with their place. */
function drawn(option: Record<string, unknown>, x: number, width = 600, height = 320) {
  const chart = echarts.init(null as never, undefined, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    const rect = (
      chart as unknown as {
        getModel(): { getComponent(k: string): { coordinateSystem: { getRect(): { x: number; width: number; y: number; height: number } } } };
      }
    )
      .getModel()
      .getComponent('grid')
      .coordinateSystem.getRect();
    const at = chart.convertToPixel({ xAxisIndex: 0 }, x) as number;
    const svg = chart.renderToSVGString();
    // Text elements below the plot: the x axis's labels and its name.
    const below = [...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+) ([\d.]+)\)"[^>]*>([^<]*)<\/text>/g)]
      .map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3] }))
      .filter((t) => t.y > rect.y + rect.height);
    return { rect, at, below, svg };
  } finally {
    chart.dispose();
  }
}

describe('Fig. 4 of a campaign on one node count', () => {
  for (const nodes of [1, 2, 4] as const) {
    it(`puts ${nodes} node(s) inside the plot, labelled under its points, in every panel and mode`, () => {
      const d = mkdtempSync(join(tmpdir(), 'vl-charts-one-'));
      try {
        const id = buildResultsDb(join(d, 'r.db'), { repetitions: 3, mpiNodes: [nodes], benchmarks: ['npb-mpi'] }).campaignId;
        const one = openDatabase({ path: join(d, 'r.db'), readonly: true });
        try {
          for (const mode of ['relative', 'absolute'] as const) {
            const r = campaignFiguresResult(one, id, { mode });
            const panels = fig(r, 'fig4').panels;
            expect(panels.map((p) => p.id)).toEqual(['ep-time', 'ep-speedup', 'is-time', 'is-speedup']);
            for (const panel of panels) {
              for (const interactive of [true, false]) {
                const { rect, at, below } = drawn(buildPanelOption(panel, { ...settings(r), interactive }), nodes);
                const where = `${mode} ${panel.id} interactive=${interactive}`;
                // Well inside the frame (from dataMin to dataMax it sat on the frame's right or left edge).
                expect(at, where).toBeGreaterThan(rect.x + rect.width * 0.25);
                expect(at, where).toBeLessThan(rect.x + rect.width * 0.75);
                const labels = below.filter((t) => t.text === String(nodes));
                expect(labels, where).toHaveLength(1);
                expect(Math.abs(labels[0]!.x - at), where).toBeLessThan(2);
              }
            }
          }
        } finally {
          one.close();
        }
      } finally {
        rmSync(d, { recursive: true, force: true });
      }
    });
  }
});

describe('Fig. 4 where IS class S reports 0.00 s on 1 node (below the timer resolution)', () => {
  const NOTE = "IS: 1-node time 0.00 s, below the timer's resolution; no speedup defined";
  it('draws no IS speedup (not a 0 at every count), says why in the panel and the figure, and keeps 1 on the axis', () => {
    const d = mkdtempSync(join(tmpdir(), 'vl-charts-is0-'));
    try {
      const id = buildResultsDb(join(d, 'r.db'), { repetitions: 3, mpiNodes: [1, 2, 4], benchmarks: ['npb-mpi'], printedTimes: true }).campaignId;
      const one = openDatabase({ path: join(d, 'r.db'), readonly: true });
      try {
        for (const mode of ['relative', 'absolute'] as const) {
          const r = campaignFiguresResult(one, id, { mode });
          const f4 = fig(r, 'fig4');
          const is = f4.panels.find((p) => p.id === 'is-speedup')!;
          // The recorded 1-node IS time is 0.00 s on every platform: T1/Tn is 0 (and 0/0 at 1 node), never a speedup.
          expect(is.series.flatMap((s) => s.points)).toEqual([]);
          expect(is.notes).toEqual([`${NOTE} (${r.platforms.map((p) => p.name).join(', ')})`]);
          expect(is.undrawnXs).toEqual(['1', '2', '4']);
          expect(f4.notes).toEqual(is.notes);
          // The IS times are drawn, 0.00 s included; relative to native's 0.00 s the 1-node ones are not computable (listed
          // as not compared), yet 1 node stays on that panel's axis too.
          const isTime = f4.panels.find((p) => p.id === 'is-time')!;
          const xsOf = (p: FigurePanel) => [...new Set([...p.series.flatMap((s) => s.points.map((q) => q.x)), ...(p.undrawnXs ?? [])])].sort();
          expect(xsOf(isTime)).toEqual(['1', '2', '4']);
          if (mode === 'absolute') expect(isTime.series.every((s) => s.points.map((p) => p.x).join() === '1,2,4')).toBe(true);
          else
            expect(f4.missing.filter((m) => m.nodeCount === 1).map((m) => m.reason)).toEqual([
              "not computable (native's mean is 0)",
              "not computable (native's mean is 0)",
            ]);
          const ep = f4.panels.find((p) => p.id === 'ep-speedup')!;
          expect(ep.notes).toBeUndefined();
          expect(ep.series.every((s) => s.points[0]!.x === '1' && s.points[0]!.mean === 1)).toBe(true);
          for (const interactive of [true, false]) {
            const opt = buildPanelOption(is, { ...settings(r), interactive }) as unknown as Record<string, unknown> & {
              graphic: { style: { text: string } }[];
            };
            // The note is written in the empty plot; the axis spans 1..4 with each count labelled.
            expect(opt.graphic.map((g) => g.style.text.replaceAll('\n', ' '))).toEqual(is.notes);
            const { rect, below, svg } = drawn(opt, 1);
            expect(
              below.filter((t) => /^\d+$/.test(t.text ?? '')).map((t) => t.text),
              `${mode} interactive=${interactive}`,
            ).toEqual(['1', '2', '4']);
            expect(rect.width).toBeGreaterThan(0);
            // ECharts draws it a line a text element: the words in order, as written.
            const words = [...svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]!.replaceAll('&#39;', "'")).join(' ');
            expect(words).toContain(is.notes![0]);
          }
        }
      } finally {
        one.close();
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
