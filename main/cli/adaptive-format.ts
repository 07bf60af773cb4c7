// Adaptive repetitions in words and tables, for the CLI (plan range, per-point status).
import type { Plan } from '../contract/scenarios.ts';
import { adaptiveStopText, type AdaptivePoint } from '../contract/campaigns.ts';
import { formatDuration } from '../scenarios/plan.ts';

export function formatAdaptiveRange(a: NonNullable<Plan['adaptive']>): string {
  return (
    `adaptive: each of ${a.points} point(s) repeated until the ratio's interval is within +-${a.targetPct}%, ${a.min} to ${a.max} times after ${a.warmup} warm-up(s): ` +
    `${a.runs.min}..${a.runs.max} runs, ${formatDuration(a.sequentialSec.min)}..${formatDuration(a.sequentialSec.max)} one after the other, ` +
    `${formatDuration(a.parallelSec.min)}..${formatDuration(a.parallelSec.max)} with independent runs in parallel`
  );
}

const width = (p: AdaptivePoint) => (p.widthPct === null ? 'unbounded' : `+-${p.widthPct.toFixed(1)}%`);

export function formatAdaptivePoints(points: readonly AdaptivePoint[]): string {
  const head = ['point', 'repetitions', 'warm-ups', 'interval', 'stopped', 'outliers', 'time'];
  const body = points.map((p) => [
    p.label,
    String(p.repetitions),
    String(p.warmups),
    width(p),
    adaptiveStopText(p),
    p.outliers.length ? p.outliers.map((o) => `run ${o.runId} (${o.platform})`).join(', ') : '-',
    formatDuration(p.seconds),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body]
    .map((r) =>
      r
        .map((v, i) => v.padEnd(w[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
