// The report's opening page, one per platform: what the platform costs against the baseline, per benchmark family,
// with a confidence interval and a verdict, the largest costs said in a sentence each, and what could not be compared.
//
// Overhead of a family = geometric mean over its points of the slowdown factor (guest/base for lower-is-better,
// base/guest for higher-is-better) minus 1, as the overview heatmap. Its 95% CI over several points comes from the
// delta method on the log factors: var(ln f) ~ cv_guest^2/n_guest + cv_base^2/n_base per point, averaged over the k
// points (/k^2), with Satterthwaite degrees of freedom: how precisely the overhead is known, not a test; a family of one
// point has that point's own interval. The verdict is the points' own
// (main/analysis/verdict.ts, the one the figure tables and Compare show): a family is significantly worse when some of
// its points are significantly worse, and says at how many.
import { studentTQuantile } from '../analysis/distributions.ts';
import { moduleOfRun } from '../benchmarks/registry.ts';
import { relativeToBaseline, type Unmatched } from '../analysis/relative.ts';
import type { FailedRun, Relative, Summary } from '../analysis/types.ts';
import type { ReportSection, Table } from '../contract/results.ts';
import type { CampaignData } from './figures.ts';
import { OVERVIEW_GROUPS, restates } from './overview.ts';
import { emulationNote } from '../lab-model/emulation.ts';

export interface FamilyOverhead {
  family: string;
  benchmark: string;
  metric: string;
  better: 'lower' | 'higher';
  points: number;
  /** Geometric-mean slowdown factor (1 = like the baseline, above 1 = worse). */
  factor: number;
  ci: { low: number; high: number } | null;
  /** Points whose verdict (main/analysis/verdict.ts) says significantly worse / better than the baseline. */
  worsePoints: number;
  betterPoints: number;
  /** Points with a verdict (2 values or more on both sides). */
  testedPoints: number;
  worst: { x: string; factor: number };
  /** Why no interval could be given. */
  note?: string;
}

/** A point in words, as its benchmark module says it (message size, file size, kernel and node count). */
function pointLabel(r: Pick<Relative, 'point' | 'nodeCount' | 'benchmark'>): string {
  const m = moduleOfRun(r.benchmark);
  if (m) return m.describePoint(r.point, r.nodeCount, r.benchmark);
  return r.nodeCount > 1 ? `${r.point} on ${r.nodeCount} nodes` : r.point;
}

function slowdown(r: Relative): number {
  return r.guest.better === 'lower' ? r.guest.mean / r.base.mean : r.base.mean / r.guest.mean;
}

/** Variance of ln(mean) from one side's moments, with its degrees of freedom; null when not estimable. */
function logVar(s: Summary): { v: number; df: number } | null {
  if (s.n < 2 || s.sd === null || s.mean === 0) return null;
  return { v: (s.sd * s.sd) / (s.n * s.mean * s.mean), df: s.n - 1 };
}

export function familyOverhead(family: string, rows: readonly Relative[], confidence = 0.95): FamilyOverhead | undefined {
  const usable = rows.filter((r) => Number.isFinite(slowdown(r)) && slowdown(r) > 0);
  if (usable.length === 0) return undefined;
  const first = usable[0]!;
  const logs = usable.map((r) => Math.log(slowdown(r)));
  const k = logs.length;
  const mean = logs.reduce((s, x) => s + x, 0) / k;
  const worst = usable.reduce((a, b) => (slowdown(b) > slowdown(a) ? b : a));
  const base = {
    family,
    benchmark: first.benchmark,
    metric: first.metric,
    better: first.guest.better,
    points: k,
    factor: Math.exp(mean),
    worsePoints: usable.filter((r) => r.significant && slowdown(r) > 1).length,
    betterPoints: usable.filter((r) => r.significant && slowdown(r) < 1).length,
    testedPoints: usable.filter((r) => r.p !== null).length,
    worst: { x: pointLabel(worst), factor: slowdown(worst) },
  };
  if (k === 1) {
    // One point: the family is that point, so its interval is the point's own (Fieller on Welch's degrees of freedom,
    // as in the figure tables), as a slowdown factor; it excludes 1 exactly when the point's verdict is significant.
    const ci = first.ci && (first.kind === 'ratio' ? { low: first.ci.low, high: first.ci.high } : { low: 100 / first.ci.high, high: 100 / first.ci.low });
    if (ci && ci.low > 0 && Number.isFinite(ci.high)) return { ...base, ci };
    const few = first.guest.n < 2 || first.base.n < 2;
    return { ...base, ci: null, note: few ? 'fewer than 2 runs on a side at some point' : (first.note ?? 'no interval') };
  }
  const terms = usable.flatMap((r) => [logVar(r.guest), logVar(r.base)]);
  if (terms.some((t) => t === null)) return { ...base, ci: null, note: 'fewer than 2 runs on a side at some point' };
  const ts = terms as { v: number; df: number }[];
  const total = ts.reduce((s, t) => s + t.v, 0);
  if (total === 0) return { ...base, ci: { low: base.factor, high: base.factor } };
  const df = (total * total) / ts.reduce((s, t) => s + (t.v * t.v) / t.df, 0);
  const half = (studentTQuantile(1 - (1 - confidence) / 2, df) * Math.sqrt(total)) / k;
  return { ...base, ci: { low: Math.exp(mean - half), high: Math.exp(mean + half) } };
}

/** The family's verdict in words, from its points' verdicts: "significantly worse at 3 of 4 points", "within noise at 2 of 2 points". */
export function familyVerdict(o: Pick<FamilyOverhead, 'points' | 'worsePoints' | 'betterPoints' | 'testedPoints'>): string {
  if (o.testedPoints === 0) return 'not tested';
  const of = `of ${o.points} point${o.points === 1 ? '' : 's'}`;
  const untested = o.testedPoints < o.points ? ` (${o.points - o.testedPoints} not tested)` : '';
  const parts = [o.worsePoints ? `worse at ${o.worsePoints}` : '', o.betterPoints ? `better at ${o.betterPoints}` : ''].filter(Boolean);
  if (parts.length === 0) return `within noise at ${o.testedPoints} ${of}${untested}`;
  return `significantly ${parts.join(', ')} ${of}${untested}`;
}

const pct = (factor: number) => `${factor >= 1 ? '+' : ''}${((factor - 1) * 100).toFixed(1)}%`;
const times = (f: number) => `${f.toFixed(2)}x`;
const share = (f: number) => `${(100 / f).toFixed(0)}%`;

/** One sentence like the paper's conclusions: what the family costs, in the family's own terms. */
export function costSentence(o: FamilyOverhead, platform: string, baseline: string): string {
  const ci = o.ci ? (o.better === 'lower' ? ` (95% CI ${times(o.ci.low)}-${times(o.ci.high)})` : ` (95% CI ${share(o.ci.high)}-${share(o.ci.low)})`) : '';
  const what =
    o.better === 'lower'
      ? `${o.family}: ${platform} takes ${times(o.factor)} ${baseline}'s time${ci}`
      : `${o.family}: ${platform} reaches ${share(o.factor)} of ${baseline}'s throughput${ci}`;
  const worst = o.points > 1 ? `, most at ${o.worst.x} (${o.better === 'lower' ? times(o.worst.factor) : share(o.worst.factor)})` : '';
  return `${what}, an overhead of ${pct(o.factor)}${worst}; ${familyVerdict(o)}.`;
}

interface Gap {
  what: string;
  count: number;
}

/** What could not be compared for one platform, grouped by reason. */
function gaps(platform: string, unmatched: readonly Unmatched[], failed: readonly FailedRun[], families: readonly FamilyOverhead[]): string[] {
  const by = new Map<string, Gap>();
  const add = (key: string, what: string) => {
    const g = by.get(key) ?? { what, count: 0 };
    g.count++;
    by.set(key, g);
  };
  for (const u of unmatched) {
    if (u.platform !== platform && u.reason !== 'only the baseline measured this point') continue;
    if (restates(`${u.benchmark}/${u.metric}`)) continue;
    add(`${u.benchmark}/${u.metric}/${u.reason}`, `${u.benchmark} ${u.metric}: ${u.reason}`);
  }
  for (const f of failed) if (f.platform === platform) add(`${f.benchmark}/${f.state}/${f.reason}`, `${f.benchmark} run ${f.state}: ${f.reason}`);
  const out = [...by.values()].map((g) => `${g.what} (${g.count} ${g.count === 1 ? 'time' : 'times'}).`);
  for (const o of families) if (o.note) out.push(`${o.family}: no confidence interval, ${o.note}.`);
  return out;
}

/** `adaptive`: the sentence on adaptive repetitions (which points reached the target, which stopped at the cap), said on every summary page. */
export function summarySections(data: CampaignData, adaptive?: string): ReportSection[] {
  const { relatives, unmatched } = relativeToBaseline(data.summaries, { baseline: data.baseline });
  const known = new Set(OVERVIEW_GROUPS.map((g) => `${g.benchmark}/${g.metric}`));
  const extra = [...new Set(relatives.map((r) => `${r.benchmark}/${r.metric}`))]
    .filter((k) => !known.has(k) && !restates(k))
    .sort()
    .map((k) => ({ label: k, benchmark: k.split('/')[0]!, metric: k.split('/').slice(1).join('/') }));
  const groups = [...OVERVIEW_GROUPS, ...extra];
  const others = data.platforms.map((p) => p.name).filter((p) => p !== data.baseline);
  if (others.length === 0) {
    return [
      {
        id: 'summary',
        title: 'Summary',
        tables: [],
        paragraphs: [
          `Only ${data.baseline} (the baseline) took part in this campaign: there is no platform to compare with it.`,
          ...(adaptive ? [adaptive] : []),
        ],
      },
    ];
  }
  return others.map((platform) => {
    const families = groups
      .map((g) =>
        familyOverhead(
          g.label,
          relatives.filter((r) => r.platform === platform && r.benchmark === g.benchmark && r.metric === g.metric),
        ),
      )
      .filter((o): o is FamilyOverhead => o !== undefined);
    // Named by their points' verdicts, the ones the figure tables show: a family no point of which differs is within noise.
    const costs = families.filter((o) => o.worsePoints > 0).sort((a, b) => b.factor - a.factor);
    const gains = families.filter((o) => o.betterPoints > 0 && o.worsePoints === 0).sort((a, b) => a.factor - b.factor);
    const missing = gaps(platform, unmatched, data.failed, families);
    const emulator = data.platforms.find((p) => p.name === platform)?.emulator;
    const paragraphs = [
      ...(emulator ? [emulationNote(platform, emulator)] : []),
      families.length === 0
        ? `Nothing of ${platform} could be compared with ${data.baseline} (the baseline).`
        : `What ${platform} costs against ${data.baseline} (the baseline), per benchmark family: how much more time it takes, or how much less ` +
          "throughput it delivers, as an overhead in percent (geometric mean over the family's points, with its 95% CI), and at how many of " +
          "its points the difference is significant (Welch's t-test at 95%, the verdict of the figure tables).",
      ...(costs.length
        ? costs.slice(0, 3).map((o) => costSentence(o, platform, data.baseline))
        : families.length
          ? [`No benchmark family is significantly slower on ${platform} than on ${data.baseline}.`]
          : []),
      ...gains.slice(0, 2).map((o) => `Faster than the baseline: ${costSentence(o, platform, data.baseline)}`),
      missing.length ? `Not compared: ${missing.join(' ')}` : 'Every measured point was compared.',
      ...(adaptive ? [adaptive] : []),
    ];
    const r = (v: number) => Number(v.toFixed(1));
    const table: Table = {
      id: `summary-${platform}`,
      title: `Overhead of ${platform} against ${data.baseline} by benchmark family`,
      columns: ['family', 'points', 'overhead %', 'ci_low %', 'ci_high %', 'verdict (Welch 95%)', 'worst point', 'worst overhead %'],
      rows: families.map((o) => [
        o.family,
        o.points,
        r((o.factor - 1) * 100),
        o.ci ? r((o.ci.low - 1) * 100) : null,
        o.ci ? r((o.ci.high - 1) * 100) : null,
        familyVerdict(o),
        o.worst.x,
        r((o.worst.factor - 1) * 100),
      ]),
    };
    return { id: 'summary', title: `Summary: ${platform} against ${data.baseline}`, paragraphs, tables: [table] };
  });
}
