// Each platform relative to the baseline platform at the same (benchmark, metric, point, node count).
import { fiellerRatio } from './fieller.ts';
import { VERDICT_CONFIDENCE, verdictOf } from './verdict.ts';
import { pointId } from './summary.ts';
import type { GroupKey, Relative, Summary } from './types.ts';

export interface RelativeOptions {
  baseline: string;
  /** Significance level of the verdict (default 1 - confidence). */
  alpha?: number;
  /** Level of the ratio's interval and of the verdict (default 95%, main/analysis/verdict.ts). */
  confidence?: number;
}

export interface Unmatched extends GroupKey {
  reason: string;
}

export interface RelativeResult {
  relatives: Relative[];
  unmatched: Unmatched[];
}

/** One comparison of a guest summary with the matching baseline summary. */
export function compareToBaseline(guest: Summary, base: Summary, options: RelativeOptions): Relative {
  const confidence = options.confidence ?? (options.alpha !== undefined ? 1 - options.alpha : VERDICT_CONFIDENCE);
  const kind = guest.better === 'lower' ? 'ratio' : 'percent';
  const scale = kind === 'ratio' ? 1 : 100;
  // One verdict (Welch), and the ratio's interval on the same test's degrees of freedom: they cannot disagree.
  const v = verdictOf(guest, base, confidence);
  const r = fiellerRatio(guest, base, confidence, v.welch?.df);
  const note = r.reason ?? (v.welch === null ? 'not testable: fewer than 2 values on a side' : undefined);
  // Written out rather than spread ({ ...key, ... }): a spread into a literal with more properties takes V8's slow
  // path, which was most of a whole-campaign comparison's time. Same properties in the same order.
  const out: Relative = {
    platform: guest.platform,
    benchmark: guest.benchmark,
    metric: guest.metric,
    point: guest.point,
    nodeCount: guest.nodeCount,
    baseline: base.platform,
    kind,
    value: r.ratio * scale,
    ci: r.ci && { low: r.ci.low * scale, high: r.ci.high * scale },
    p: v.p,
    significant: v.significant,
    guest,
    base,
  };
  if (note) out.note = note;
  return out;
}

export interface BaselinePairs {
  pairs: { guest: Summary; base: Summary }[];
  unmatched: Unmatched[];
}

/** Every non-baseline summary with the baseline summary it is compared to (same point, unit and direction); groups
 * with no counterpart are listed, not dropped. No statistics: callers that only need the means stop here. */
export function pairWithBaseline(summaries: readonly Summary[], baseline: string): BaselinePairs {
  const baseByPoint = new Map<string, Summary>();
  for (const s of summaries) if (s.platform === baseline) baseByPoint.set(pointId(s), s);
  const matched = new Set<string>();
  const pairs: BaselinePairs['pairs'] = [];
  const unmatched: Unmatched[] = [];
  const keyOf = (s: Summary): GroupKey => ({ platform: s.platform, benchmark: s.benchmark, metric: s.metric, point: s.point, nodeCount: s.nodeCount });
  for (const s of summaries) {
    if (s.platform === baseline) continue;
    const base = baseByPoint.get(pointId(s));
    if (!base) {
      unmatched.push({ ...keyOf(s), reason: `no ${baseline} (baseline) measurement at this point` });
      continue;
    }
    if (base.unit !== s.unit || base.better !== s.better) {
      unmatched.push({ ...keyOf(s), reason: `unit or direction differs from the baseline (${s.unit} vs ${base.unit})` });
      continue;
    }
    matched.add(pointId(s));
    pairs.push({ guest: s, base });
  }
  const others = new Set(summaries.filter((s) => s.platform !== baseline).map((s) => s.platform));
  for (const base of baseByPoint.values()) {
    if (!matched.has(pointId(base)) && others.size > 0) unmatched.push({ ...keyOf(base), reason: 'only the baseline measured this point' });
  }
  return { pairs, unmatched };
}

/** Every non-baseline summary against its baseline; groups with no counterpart are listed, not dropped. */
export function relativeToBaseline(summaries: readonly Summary[], options: RelativeOptions): RelativeResult {
  const { pairs, unmatched } = pairWithBaseline(summaries, options.baseline);
  return { relatives: pairs.map(({ guest, base }) => compareToBaseline(guest, base, options)), unmatched };
}
