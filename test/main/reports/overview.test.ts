// The overview heatmap pairs each platform with the baseline by means only: the same cells as when it ran the full
// comparison (intervals and tests) on every pair, which it never used.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResultsDb } from '../../e2e/support/results-fixture.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { loadCampaignData, type CampaignData } from '../../../main/reports/figures.ts';
import { OVERVIEW_GROUPS, overviewOf, restates } from '../../../main/reports/overview.ts';
import { relativeToBaseline } from '../../../main/analysis/relative.ts';
import type { OverviewCell } from '../../../main/contract/results.ts';

const dir = mkdtempSync(join(tmpdir(), 'vl-overview-'));
let db: Database;
let campaignId: number;

beforeAll(() => {
  campaignId = buildResultsDb(join(dir, 'r.db'), { repetitions: 3 }).campaignId;
  db = openDatabase({ path: join(dir, 'r.db') });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The cells as computed from relativeToBaseline's relatives (what overviewOf did before it paired by means). */
function referenceCells(data: CampaignData): { groups: string[]; cells: OverviewCell[] } {
  const { relatives } = relativeToBaseline(data.summaries, { baseline: data.baseline });
  const cells: OverviewCell[] = [];
  const groups: string[] = [];
  const known = new Set(OVERVIEW_GROUPS.map((g) => `${g.benchmark}/${g.metric}`));
  const extra = [...new Set(relatives.map((r) => `${r.benchmark}/${r.metric}`))]
    .filter((k) => !known.has(k) && !restates(k))
    .sort()
    .map((k) => ({ label: k, benchmark: k.split('/')[0]!, metric: k.split('/').slice(1).join('/') }));
  const others = data.platforms.map((p) => p.name).filter((p) => p !== data.baseline && data.summaries.some((s) => s.platform === p));
  for (const g of [...OVERVIEW_GROUPS, ...extra]) {
    const rows = relatives.filter((r) => r.benchmark === g.benchmark && r.metric === g.metric);
    if (rows.length === 0) continue;
    groups.push(g.label);
    for (const platform of others) {
      const mine = rows
        .filter((r) => r.platform === platform)
        .map((r) => ({ r, factor: r.guest.better === 'lower' ? r.guest.mean / r.base.mean : r.base.mean / r.guest.mean }))
        .filter((x) => Number.isFinite(x.factor) && x.factor > 0);
      if (mine.length === 0) continue;
      const logMean = mine.reduce((s, x) => s + Math.log(x.factor), 0) / mine.length;
      const worst = mine.reduce((a, b) => (b.factor > a.factor ? b : a));
      const x = worst.r.benchmark === 'npb-mpi' ? `${worst.r.point} @ ${worst.r.nodeCount} nodes` : worst.r.point;
      cells.push({
        platform,
        group: g.label,
        overheadPct: (Math.exp(logMean) - 1) * 100,
        points: mine.length,
        worst: { x, overheadPct: (worst.factor - 1) * 100 },
      });
    }
  }
  return { groups, cells };
}

describe('overview heatmap', () => {
  it('has the same groups and cells, to the bit, as computed from the full comparison', () => {
    const data = loadCampaignData(db, campaignId, {});
    const o = overviewOf(campaignId, data);
    expect(o.cells.length).toBeGreaterThan(10);
    expect({ groups: o.groups, cells: o.cells }).toEqual(referenceCells(data));
  });

  it('also with a platform left out and another baseline', () => {
    const data = loadCampaignData(db, campaignId, { baseline: 'kvm', platforms: ['native'] });
    const o = overviewOf(campaignId, data);
    expect(o.platforms).toEqual(['native']);
    expect({ groups: o.groups, cells: o.cells }).toEqual(referenceCells(data));
  });
});
