// The one-pass cache behind figures, overview and spread: repeated views of an unchanged campaign share one read, and
// any write (by the same connection or another one) shows up in the next view.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResultsDb } from '../../e2e/support/results-fixture.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { campaignObservations, campaignRawSummaries } from '../../../main/reports/campaign-cache.ts';
import { loadCampaignData } from '../../../main/reports/figures.ts';
import { spreadOf } from '../../../main/reports/spread.ts';
import { summarizeObservations } from '../../../main/analysis/summary.ts';
import { iterateObservations } from '../../../main/store/queries/comparison.ts';

const dir = mkdtempSync(join(tmpdir(), 'vl-cache-'));
const path = join(dir, 'r.db');
let db: Database;
let campaignId: number;

beforeAll(() => {
  campaignId = buildResultsDb(path, { repetitions: 3 }).campaignId;
  db = openDatabase({ path });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function addRun(target: Database, value: number): void {
  const repos = createRepos(target);
  const platform = repos.platforms.findByName('kvm')!;
  const id = repos.runs.create({ campaignId, planIndex: 10_000 + Math.round(value), platformId: platform.id, benchmark: 'npb-serial', params: { kernel: 'ep' }, nodeCount: 1 });
  repos.runs.transition(id, 'running');
  repos.metrics.insertMetrics([{ runId: id, name: 'time', point: 'ep', value, unit: 's', better: 'lower' }]);
  repos.runs.transition(id, 'done');
}

const kvmEp = (d: Database) => spreadOf(d, campaignId, { benchmark: 'npb-serial', metric: 'time' }).groups.find((g) => g.platform === 'kvm' && g.point === 'ep')!;

describe('campaign cache', () => {
  it('serves the same rows and summaries as a fresh read, once per unchanged database', () => {
    const first = campaignObservations(db, campaignId);
    expect(campaignObservations(db, campaignId)).toBe(first);
    expect(first).toEqual([...iterateObservations(db, campaignId)]);
    expect(campaignRawSummaries(db, campaignId)).toEqual(summarizeObservations(iterateObservations(db, campaignId)));
    expect(campaignRawSummaries(db, campaignId)).toBe(campaignRawSummaries(db, campaignId));
  });

  it('a run written through the same connection shows up in the next spread and summaries', () => {
    const before = kvmEp(db);
    addRun(db, 1000);
    const after = kvmEp(db);
    expect(after.n).toBe(before.n + 1);
    expect(after.max).toBe(1000);
    const kvm = loadCampaignData(db, campaignId, {}).summaries.find((s) => s.platform === 'kvm' && s.benchmark === 'npb-serial' && s.point === 'ep')!;
    expect(kvm.n).toBe(after.n);
  });

  it('a run written by another connection shows up too', () => {
    const before = kvmEp(db);
    const other = openDatabase({ path });
    try {
      addRun(other, 2000);
    } finally {
      other.close();
    }
    const after = kvmEp(db);
    expect(after.n).toBe(before.n + 1);
    expect(after.max).toBe(2000);
  });
});
