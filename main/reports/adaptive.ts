// The report's account of adaptive repetitions: the rule, and per point how many repetitions it took, how precise
// its ratio came out, why it stopped and which values were flagged as outliers (kept in the statistics).
import type { Database } from '../store/database.ts';
import type { Table } from '../contract/results.ts';
import { ADAPTIVE_STOP_WORDS } from '../contract/campaigns.ts';
import { adaptiveStatus } from '../campaigns/adaptive/rounds.ts';

export function adaptiveMethod(db: Database, campaignId: number): { paragraphs: string[]; tables: Table[] } {
  const points = adaptiveStatus(db, campaignId);
  if (!points || points.length === 0) return { paragraphs: [], tables: [] };
  const count = (s: string) => points.filter((p) => p.state === s).length;
  const outliers = points.reduce((n, p) => n + p.outliers.length, 0);
  return {
    paragraphs: [
      `Adaptive repetitions: each point was repeated, every platform in each round, until the 95% interval of its ratio to the baseline was within ±${points[0]!.targetPct}% for each headline metric of its benchmark, `
      + `between a minimum and a cap, after warm-up runs whose values were discarded (their raw output is kept). ${count('target')} point(s) reached the target, ${count('cap')} stopped at the cap`
      + `${count('failed') ? `, ${count('failed')} after a failed run` : ''}${count('ended') + count('running') ? `, ${count('ended') + count('running')} did not finish` : ''}. `
      + `${outliers} value(s) were flagged as outliers by the median absolute deviation rule (|modified z| > 3.5); they are kept in the statistics.`,
    ],
    tables: [{
      id: 'method-adaptive', title: 'Repetitions per point (adaptive)', columns: ['point', 'repetitions', 'warm-ups', 'interval ±%', 'stopped', 'outliers (kept)', 'time s'],
      rows: points.map((p) => [p.label, p.repetitions, p.warmups, p.widthPct === null ? null : Number(p.widthPct.toFixed(2)), ADAPTIVE_STOP_WORDS[p.state],
        p.outliers.map((o) => `run ${o.runId} (${o.platform}, ${o.metric})`).join('; ') || '-', Math.round(p.seconds)]),
    }],
  };
}
