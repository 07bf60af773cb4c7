// The comparison table of `virtlab results compare`, one aligned line per platform and point.
import type { ComparisonRow } from '../contract/campaigns.ts';

export interface Comparison {
  baseline: string;
  rows: ComparisonRow[];
}

const fmt = (x: number | null, digits = 4) => (x === null || !Number.isFinite(x) ? '-' : Number(x.toPrecision(digits)).toString());

const interval = (ci: { low: number; high: number } | null, digits = 4, suffix = '') =>
  ci ? `[${fmt(ci.low, digits)}${suffix}, ${fmt(ci.high, digits)}${suffix}]` : '-';

export function formatComparison(c: Comparison): string {
  const head = ['benchmark', 'metric', 'point', 'nodes', 'platform', 'n', 'mean', '95% CI', 'sd', 'unit', `vs ${c.baseline}`, '95% CI', 'significant'];
  const body = c.rows.map((r) => {
    const pct = r.relativeKind === 'percent' ? '%' : '';
    return [
      r.benchmark,
      r.metric,
      r.point,
      String(r.nodeCount),
      r.platform,
      String(r.n),
      `${fmt(r.mean)}${r.noisy ? ' (noisy)' : ''}`,
      interval(r.ci),
      fmt(r.sd),
      r.unit,
      r.relative === null ? '-' : r.relativeKind === 'ratio' ? `x${fmt(r.relative, 3)}` : `${fmt(r.relative, 3)}%`,
      interval(r.relativeCi, 3, pct),
      r.significant === null ? '' : r.significant ? 'yes' : 'no',
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body]
    .map((row) =>
      row
        .map((v, i) => v.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
