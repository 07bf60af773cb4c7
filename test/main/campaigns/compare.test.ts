import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from '../store/fixture.ts';
import { compareCampaign } from '../../../main/campaigns/compare.ts';
import { compareText } from '../../../main/analysis/summary.ts';
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
});
