// The numbers behind each figure: one table a panel, every point of every series with n, mean, CI, sd and the test.
import type { FigureDataset, Table } from '../contract/results.ts';

const round = (v: number | null | undefined, digits = 6): number | null =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toPrecision(digits));

export function figureTables(fig: FigureDataset): Table[] {
  return fig.panels.map((panel) => ({
    id: `${fig.id}-${panel.id}`,
    title: `${fig.title}: ${panel.title} (${panel.yLabel})`,
    columns: ['platform', panel.xLabel, 'n', 'mean', 'ci_low', 'ci_high', 'sd', 'p', 'significant', 'noisy'],
    rows: panel.series.flatMap((s) =>
      s.points.map((p) => [
        s.platform,
        p.x,
        p.n,
        round(p.mean),
        round(p.ci?.low),
        round(p.ci?.high),
        round(p.sd),
        round(p.p ?? null, 4),
        p.significant === undefined ? null : p.significant,
        p.noisy,
      ]),
    ),
  }));
}

export function failureTable(fig: FigureDataset): Table {
  return {
    id: `${fig.id}-failures`,
    title: `${fig.title}: failed runs`,
    columns: ['platform', 'benchmark', 'x', 'nodes', 'state', 'reason', 'runs'],
    rows: fig.failures.map((f) => [f.platform, f.benchmark, f.x, f.nodeCount, f.state, f.reason, f.runIds.join(' ')]),
  };
}

export function missingTable(fig: FigureDataset): Table {
  return {
    id: `${fig.id}-missing`,
    title: `${fig.title}: not compared`,
    columns: ['platform', 'benchmark', 'metric', 'point', 'nodes', 'reason'],
    rows: fig.missing.map((m) => [m.platform, m.benchmark, m.metric, m.point, m.nodeCount, m.reason]),
  };
}
