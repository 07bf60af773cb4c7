// One baseline rule everywhere: the scenario's. A campaign whose scenario names kvm as its baseline, while the
// platform flagged as baseline is native (and native comes first by name), is compared against kvm by
// `results compare`, the Compare page's figures and overview, and the report.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadlessCore } from '../../../main/bridge/headless-core.ts';
import { databaseFile } from '../../../main/config/data-dir.ts';
import type { Core } from '../../../main/core/core.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { buildResultsDb, type ResultsFixture } from '../../e2e/support/results-fixture.ts';

let dir: string;
let fixture: ResultsFixture;
let core: Core;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtlab-baseline-'));
  fixture = buildResultsDb(databaseFile(dir), { repetitions: 2, seed: 3 });
  const db = openDatabase({ path: databaseFile(dir) });
  // The scenario (as a user wrote it) names kvm; the platform table still flags native.
  db.prepare("UPDATE scenarios SET json = json_set(json, '$.baseline', 'kvm')").run();
  expect(db.prepare('SELECT name FROM platforms WHERE is_baseline = 1').pluck().all()).toEqual(['native']);
  db.close();
  core = startHeadlessCore({ dataDir: dir, host: 'bridge' });
});
afterAll(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the baseline is the scenario's", () => {
  it('in results compare', async () => {
    expect((await core.handlers['results.compare']({ campaignId: fixture.campaignId })).baseline).toBe('kvm');
  });

  it("in the Compare page's figures, platforms and overview", async () => {
    const figures = await core.handlers['results.figures']({ campaignId: fixture.campaignId, mode: 'relative' });
    expect(figures.baseline).toBe('kvm');
    expect(figures.platforms.filter((p) => p.isBaseline).map((p) => p.name)).toEqual(['kvm']);
    expect(figures.platforms[0]!.name).toBe('kvm');
    const series = figures.figures.flatMap((f) => f.panels.flatMap((p) => p.series));
    expect(new Set(series.filter((s) => s.baseline).map((s) => s.platform))).toEqual(new Set(['kvm']));
    // Figure titles name the baseline, not "native".
    expect(figures.figures.find((f) => f.id === 'fig1b')!.title).toBe('Network bandwidth relative to kvm');
    expect((await core.handlers['results.overview']({ campaignId: fixture.campaignId })).baseline).toBe('kvm');
  });

  it('in the report', async () => {
    const report = await core.handlers['reports.render']({ campaignId: fixture.campaignId, mode: 'relative' });
    expect(report.baseline).toBe('kvm');
    const titles = JSON.stringify(report.sections.map((s) => [s.title, s.paragraphs]));
    expect(titles).toContain('Network bandwidth relative to kvm');
    expect(titles).not.toContain('relative to native');
  });

  it('unless the caller picks another one', async () => {
    const figures = await core.handlers['results.figures']({ campaignId: fixture.campaignId, mode: 'relative', baseline: 'openvz' });
    expect(figures.baseline).toBe('openvz');
    expect(figures.figures.find((f) => f.id === 'fig1b')!.title).toBe('Network bandwidth relative to openvz');
  });
});
