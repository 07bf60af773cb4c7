// The report's account of adaptive repetitions: the rule, and per point how many repetitions it took, how precise
// its ratio came out, why it stopped and which values were flagged as outliers (kept in the statistics).
import type { Database } from '../store/database.ts';
import type { Table } from '../contract/results.ts';
import { adaptiveStopText, type AdaptivePoint } from '../contract/campaigns.ts';
import { adaptiveConfig, adaptiveStatus } from '../campaigns/adaptive/rounds.ts';
import { differenceLevelsText } from '../campaigns/adaptive/decide.ts';

export function adaptiveMethod(db: Database, campaignId: number): { paragraphs: string[]; tables: Table[] } {
  const points = adaptiveStatus(db, campaignId);
  if (!points || points.length === 0) return { paragraphs: [], tables: [] };
  const count = (s: string) => points.filter((p) => p.state === s).length;
  const outliers = points.reduce((n, p) => n + p.outliers.length, 0);
  const config = adaptiveConfig(db, campaignId);
  const difference = config?.stopOnDifference === true ? config : undefined;
  return {
    paragraphs: [
      `Adaptive repetitions: each point was repeated, every platform in each round, until the 95% interval of its ratio to the baseline was within ±${points[0]!.targetPct}% for each headline metric of its benchmark, ` +
        `${difference ? `or until every platform was shown different from the baseline (its ratio's interval excluding 1 at ${differenceLevelsText(difference)}, a group-sequential boundary over the repeated looks: Lan-DeMets spending of Pocock's type, so an equal platform is called different at most ${Number((100 * (1 - difference.confidence)).toFixed(2))}% of the time), ` : ''}` +
        `between a minimum and a cap, after warm-up runs whose values were discarded (their raw output is kept). ${count('target')} point(s) reached the target, ` +
        `${difference ? `${count('difference')} stopped on a shown difference, ` : ''}${count('cap')} stopped at the cap` +
        `${count('failed') ? `, ${count('failed')} after a failed run` : ''}${count('ended') + count('running') ? `, ${count('ended') + count('running')} did not finish` : ''}. ` +
        `${outliers} value(s) were flagged as outliers by the median absolute deviation rule (|modified z| > 3.5); they are kept in the statistics.`,
    ],
    tables: [
      {
        id: 'method-adaptive',
        title: 'Repetitions per point (adaptive)',
        columns: ['point', 'repetitions', 'warm-ups', 'interval ±%', 'stopped', 'outliers (kept)', 'time s'],
        rows: points.map((p) => [
          p.label,
          p.repetitions,
          p.warmups,
          p.widthPct === null ? null : Number(p.widthPct.toFixed(2)),
          adaptiveStopText(p),
          p.outliers.map((o) => `run ${o.runId} (${o.platform}, ${o.metric})`).join('; ') || '-',
          Math.round(p.seconds),
        ]),
      },
    ],
  };
}

/** Names at most this many points in the summary's sentence; Appendix A lists every one. */
const NAMED = 6;

function named(points: readonly AdaptivePoint[], say: (p: AdaptivePoint) => string): string {
  const shown = points
    .slice(0, NAMED)
    .map((p) => `${p.label} (${say(p)})`)
    .join('; ');
  return points.length > NAMED ? `${shown}; and ${points.length - NAMED} more` : shown;
}

const width = (p: AdaptivePoint) => (p.widthPct === null ? `interval not bounded${p.unknown ? `, ${p.unknown}` : ''}` : `±${p.widthPct.toFixed(1)}%`);
const reps = (n: number) => `${n} repetition${n === 1 ? '' : 's'}`;

/** The summary page's sentence for a campaign with adaptive repetitions: which points reached the target, stopped on a
 * shown difference or at the cap (their intervals stay wider than asked), failed or did not finish; undefined for a
 * fixed count. */
export function adaptiveSummary(db: Database, campaignId: number): string | undefined {
  const points = adaptiveStatus(db, campaignId);
  if (!points || points.length === 0) return undefined;
  const by = (state: AdaptivePoint['state']) => points.filter((p) => p.state === state);
  const target = by('target');
  const cap = by('cap');
  const difference = by('difference');
  const failed = by('failed');
  const open = points.filter((p) => p.state === 'ended' || p.state === 'running');
  const parts = [
    `${target.length} of ${points.length} point(s) reached the target${target.length ? `: ${named(target, (p) => `${reps(p.repetitions)}, ${width(p)}`)}` : ''}`,
    ...(difference.length
      ? [
          `${difference.length} stopped once each platform was shown different from the baseline, so their sizes are known less precisely than asked: ${named(difference, (p) => `${reps(p.repetitions)}, ${width(p)}`)}`,
        ]
      : []),
    ...(cap.length
      ? [
          `${cap.length} stopped at the cap before reaching it, so their intervals are wider than asked: ${named(cap, (p) => `${reps(p.repetitions)}, ${width(p)}`)}`,
        ]
      : []),
    ...(failed.length ? [`${failed.length} stopped after a failed run: ${named(failed, (p) => reps(p.repetitions))}`] : []),
    ...(open.length ? [`${open.length} did not finish: ${named(open, (p) => reps(p.repetitions))}`] : []),
  ];
  const config = adaptiveConfig(db, campaignId);
  const orDifference = config?.stopOnDifference
    ? ` or until each platform was shown different from it (at ${differenceLevelsText(config)}, corrected for the repeated looks)`
    : '';
  return (
    `Repetitions were adaptive (each point repeated until the 95% interval of its ratio to the baseline was within ±${points[0]!.targetPct}%${orDifference}, ` +
    `warm-ups discarded): ${parts.join('. ')}.${points.length > NAMED ? ' Appendix A lists every point.' : ''}`
  );
}
