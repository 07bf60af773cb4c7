// A platform whose runs' stored facts show QEMU's TCG is said to be emulated where results are read: under every
// figure that draws it (Compare and the report) and on its summary page; the other platforms are not.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { parseFacts } from '../../../main/facts/parse.ts';
import { figuresFor, loadCampaignData } from '../../../main/reports/figures.ts';
import { buildReport } from '../../../main/reports/model.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { buildResultsDb } from '../../e2e/support/results-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'vl-emulation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOTE = 'kvm: the VM ran under emulation (TCG), not KVM: its overheads are not those of a KVM host.';

it('notes TCG under each figure of the emulated platform and on its summary page, from the facts stored with its runs', () => {
  const path = join(dir, 'results.db');
  const { campaignId } = buildResultsDb(path, { repetitions: 3 });
  const db = openDatabase({ path });
  try {
    // The fixture's "kvm" platform ran on a host: give its runs the facts a real TCG guest's probe returned.
    const repos = createRepos(db);
    const before = loadCampaignData(db, campaignId, {});
    expect(before.platforms.some((p) => p.emulator)).toBe(false);
    expect(figuresFor(before, 'relative').some((f) => f.notes)).toBe(false);
    const tcg = parseFacts(readFileSync(resolve(import.meta.dirname, '../../fixtures/outputs/facts/lab-tcg-vm.txt'), 'utf8'));
    const kvm = repos.platforms.findByName('kvm')!;
    const snapshot = repos.facts.recordForPlatformHost(kvm.id, 'kvm-node1', tcg)!;
    db.prepare('UPDATE runs SET facts_snapshot_id = ? WHERE platform_id = ?').run(snapshot, kvm.id);

    const data = loadCampaignData(db, campaignId, {});
    expect(data.platforms.map((p) => [p.name, p.emulator ?? null])).toEqual([
      ['native', null],
      ['kvm', 'TCG'],
      ['openvz', null],
    ]);
    const figs = figuresFor(data, 'relative');
    const drawn = figs.filter((f) => f.panels.some((p) => p.series.some((s) => s.platform === 'kvm' && s.points.length > 0)));
    expect(drawn.length).toBeGreaterThan(0);
    for (const f of figs) expect([f.id, f.notes ?? []]).toEqual([f.id, drawn.includes(f) ? [NOTE] : []]);
    // Shown with kvm hidden by the platform filter: no kvm series, no note.
    expect(figuresFor(loadCampaignData(db, campaignId, { platforms: ['openvz'] }), 'relative').some((f) => f.notes)).toBe(false);

    const report = buildReport({ db, campaignId, data, mode: 'relative', source: { kind: 'database', path, readonly: true, campaigns: 1 } });
    const summary = report.sections.filter((s) => s.id === 'summary');
    expect(summary.map((s) => [s.title, s.paragraphs[0]])).toEqual([
      ['Summary: kvm against native', NOTE],
      ['Summary: openvz against native', expect.not.stringContaining('emulation')],
    ]);
    for (const s of report.sections.filter((x) => x.figure)) expect([s.id, s.paragraphs.includes(NOTE)]).toEqual([s.id, drawn.some((f) => f.id === s.id)]);
  } finally {
    db.close();
  }
});
