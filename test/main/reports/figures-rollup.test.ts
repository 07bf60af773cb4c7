// Figures, the overview and the spread read a big campaign without reading every value: summaries come from the
// trigger-kept metric rollup (the same numbers as summarizing the raw values), the spread reads one metric's values,
// and a run written by this connection or another one shows up in the next view.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildResultsDb } from '../../e2e/support/results-fixture.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { campaignSummaries, loadCampaignData } from '../../../main/reports/figures.ts';
import { spreadOf } from '../../../main/reports/spread.ts';
import { summarizeObservations } from '../../../main/analysis/summary.ts';
import { iterateObservations } from '../../../main/store/queries/comparison.ts';

const dir = mkdtempSync(join(tmpdir(), 'vl-rollup-'));
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
  const id = repos.runs.create({
    campaignId,
    planIndex: 10_000 + Math.round(value),
    platformId: platform.id,
    benchmark: 'npb-serial',
    params: { kernel: 'ep' },
    nodeCount: 1,
  });
  repos.runs.transition(id, 'running');
  repos.metrics.insertMetrics([{ runId: id, name: 'time', point: 'ep', value, unit: 's', better: 'lower' }]);
  repos.runs.transition(id, 'done');
}

const kvmEp = (d: Database) =>
  spreadOf(d, campaignId, { benchmark: 'npb-serial', metric: 'time' }).groups.find((g) => g.platform === 'kvm' && g.point === 'ep')!;
const kvmEpSummary = (d: Database) =>
  loadCampaignData(d, campaignId, {}).summaries.find((s) => s.platform === 'kvm' && s.benchmark === 'npb-serial' && s.metric === 'time' && s.point === 'ep')!;

describe('campaign data from the rollup', () => {
  it('gives every group of the raw values with the same n, mean, sd, min, max and interval (no median)', () => {
    const fromRollup = campaignSummaries(db, campaignId);
    const fromRaw = summarizeObservations(iterateObservations(db, campaignId));
    expect(fromRollup.map((s) => [s.platform, s.benchmark, s.metric, s.point, s.nodeCount, s.n, s.unit, s.better, s.min, s.max, s.noisy])).toEqual(
      fromRaw.map((s) => [s.platform, s.benchmark, s.metric, s.point, s.nodeCount, s.n, s.unit, s.better, s.min, s.max, s.noisy]),
    );
    // Equal up to rounding: the rollup's variance is one-pass (sum of squares), the raw path's two-pass.
    const close = (a: number | null | undefined, b: number | null | undefined) => Math.abs((a ?? 0) - (b ?? 0)) <= 1e-9 * Math.max(1, Math.abs(b ?? 0));
    fromRollup.forEach((s, i) => {
      const r = fromRaw[i]!;
      const where = `${s.platform} ${s.benchmark} ${s.metric} ${s.point}`;
      expect(close(s.mean, r.mean), where).toBe(true);
      expect(close(s.sd, r.sd), `${where}: sd ${s.sd} vs ${r.sd}`).toBe(true);
      expect(close(s.ci?.low, r.ci?.low) && close(s.ci?.high, r.ci?.high), where).toBe(true);
      expect(s.median).toBeNull();
    });
  });

  it('spreads one metric: the one asked for, else the first listed', () => {
    const all = spreadOf(db, campaignId, {});
    const first = all.metrics[0]!;
    expect(all.metrics.length).toBeGreaterThan(1);
    expect(new Set(all.groups.map((g) => `${g.benchmark}/${g.metric}`))).toEqual(new Set([`${first.benchmark}/${first.metric}`]));
    expect(all.groups).toEqual(spreadOf(db, campaignId, { benchmark: first.benchmark, metric: first.metric }).groups);
  });

  it('a run written through the same connection shows up in the next spread and summaries', () => {
    const before = kvmEp(db);
    addRun(db, 1000);
    const after = kvmEp(db);
    expect(after.n).toBe(before.n + 1);
    expect(after.max).toBe(1000);
    expect(kvmEpSummary(db)).toMatchObject({ n: after.n, max: 1000 });
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
    expect(kvmEpSummary(db)).toMatchObject({ n: after.n, max: 2000 });
  });
});
