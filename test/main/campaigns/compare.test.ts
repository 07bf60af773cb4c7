import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from '../store/fixture.ts';
import { compareCampaign } from '../../../main/campaigns/compare.ts';
import { compareText, sortByKeys, summarizeMoments } from '../../../main/analysis/summary.ts';
import { relativeToBaseline } from '../../../main/analysis/relative.ts';
import { aggregateObservations } from '../../../main/store/queries/comparison.ts';
import type { ComparisonRow } from '../../../main/contract/campaigns.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture(['native', 'Xen', 'kvm', 'ÄLX']);
});
afterEach(() => f.cleanup());

// The order `results compare` promised before its rows were sorted by rank: texts by the collator, points naturally.
const pointOrder = new Intl.Collator('en', { numeric: true }).compare;
const byTexts = (baseline: string) => (a: ComparisonRow, b: ComparisonRow) =>
  compareText(a.benchmark, b.benchmark) ||
  compareText(a.metric, b.metric) ||
  pointOrder(a.point, b.point) ||
  a.nodeCount - b.nodeCount ||
  Number(b.platform === baseline) - Number(a.platform === baseline) ||
  compareText(a.platform, b.platform);

describe('results compare', () => {
  it('rows side by side per point, the baseline first, points in natural order: the order of comparing the texts', () => {
    let plan = 0;
    const points = ['1024', '64', '1', 'auto', '1e3', '2', 'Auto', ''];
    for (const platform of ['native', 'Xen', 'kvm', 'ÄLX']) {
      for (let rep = 0; rep < 2; rep++) {
        f.finish(
          { platform, planIndex: plan++, benchmark: 'netperf', repetition: rep },
          points.map((point, i) => ({ name: i % 2 ? 'rtt' : 'Bandwidth', point, value: 10 + i + rep + plan, unit: 'us', better: 'lower' as const })),
        );
        f.finish({ platform, planIndex: plan++, benchmark: 'npb-mpi', repetition: rep, nodeCount: rep ? 4 : 2 }, [
          { name: 'time_s', point: 'ep.S', value: 3 + rep, unit: 's', better: 'lower' as const },
        ]);
      }
    }
    const c = compareCampaign(f.db, f.campaignId);
    expect(c.baseline).toBe('native');
    expect(c.rows.length).toBe(4 * (points.length + 2));
    expect(c.rows.map((r) => `${r.benchmark} ${r.metric} ${r.point} ${r.nodeCount} ${r.platform}`)).toEqual(
      [...c.rows].sort(byTexts('native')).map((r) => `${r.benchmark} ${r.metric} ${r.point} ${r.nodeCount} ${r.platform}`),
    );
    expect(c.rows.slice(0, 4).map((r) => r.platform)).toEqual(['native', 'ÄLX', 'kvm', 'Xen']);
  });

  it("each row's relative is its group's, as a map keyed by the group gave, also where units differ or points tie", () => {
    let plan = 0;
    for (const platform of ['native', 'Xen', 'kvm', 'ÄLX']) {
      for (let rep = 0; rep < 3; rep++) {
        // 'rtt' at point '1' is stored in us on native and Xen but in ms on kvm: one group, two rollup rows on kvm's
        // side once ÄLX also reports both; points '1' and '1.0' tie in order.
        const unit = platform === 'kvm' || (platform === 'ÄLX' && rep === 0) ? 'ms' : 'us';
        f.finish({ platform, planIndex: plan++, benchmark: 'netperf', repetition: rep }, [
          { name: 'rtt', point: '1', value: 10 + rep * 0.5 + plan, unit, better: 'lower' as const },
          { name: 'rtt', point: '1.0', value: 11 + rep + plan / 3, unit: 'us', better: 'lower' as const },
          { name: 'rtt', point: '64', value: 12 + rep * 2 + plan, unit: 'us', better: 'lower' as const },
          { name: 'Bandwidth', point: '64', value: 900 - rep - plan, unit: 'Mbit/s', better: 'higher' as const },
        ]);
      }
    }
    const key = (k: { platform: string; benchmark: string; metric: string; point: string; nodeCount: number }) =>
      `${k.platform}\0${k.benchmark}\0${k.metric}\0${k.point}\0${k.nodeCount}`;
    const summaries = sortByKeys(aggregateObservations(f.db, f.campaignId).map((g) => summarizeMoments(g)));
    const byGroup = new Map(relativeToBaseline(summaries, { baseline: 'native' }).relatives.map((r) => [key(r), r]));
    const rows = compareCampaign(f.db, f.campaignId).rows;
    expect(rows.length).toBe(summaries.length);
    expect(rows.filter((r) => r.platform === 'ÄLX' && r.point === '1').map((r) => r.unit)).toEqual(['ms', 'us']);
    for (const r of rows.filter((x) => x.platform !== 'native')) {
      const expected = byGroup.get(key(r));
      expect({ relative: r.relative, ci: r.relativeCi, significant: r.significant }).toEqual({
        relative: expected?.value ?? null,
        ci: expected?.ci ?? null,
        significant: !expected || expected.p === null ? null : expected.significant,
      });
    }
  });

  it('without shared groups or tied points, the same relatives found by the summary itself', () => {
    let plan = 0;
    for (const platform of ['native', 'Xen', 'kvm']) {
      for (let rep = 0; rep < 3; rep++) {
        f.finish({ platform, planIndex: plan++, benchmark: 'netperf', repetition: rep }, [
          { name: 'rtt', point: '1', value: 10 + rep + plan, unit: 'us', better: 'lower' as const },
          { name: 'rtt', point: '64', value: 12 + rep * 2 + plan, unit: 'us', better: 'lower' as const },
        ]);
      }
    }
    const rows = compareCampaign(f.db, f.campaignId).rows;
    expect(rows.filter((r) => r.platform !== 'native').every((r) => typeof r.relative === 'number' && r.relativeCi !== null)).toBe(true);
  });
});
