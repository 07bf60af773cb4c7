// Bundles: export, import into an empty database (same comparison), import twice (no duplicates), and refusal of
// files that are truncated, corrupt, not ours or from the future, with the target database left unchanged.
import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRecord } from '../../../main/contract/hosts.ts';
import { definePlatform } from '../../../main/lab-model/platforms.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { exportBundle } from '../../../main/store/bundle/export.ts';
import { importBundle } from '../../../main/campaigns/bundle/import.ts';
import { compareCampaign } from '../../../main/campaigns/compare.ts';
import { formatComparison } from '../../../main/cli/format-comparison.ts';
import { metricRows, toCsv } from '../../../main/campaigns/bundle/metrics-export.ts';
import { tempDir } from '../store/temp-db.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const SCENARIO = `
name: bundle-test
platforms: [native, container]
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024, 4096], recordSize: 64 }
repetitions: 3
order: interleaved
`;

/** A finished campaign: every run walked through its states, with a metric and a raw log. */
function finishedCampaign(db: Database): number {
  const repos = createRepos(db);
  for (const n of ['h1', 'h2']) repos.hosts.save(HostRecord.parse({ name: n, address: `10.0.0.${n.slice(1)}`, user: 'root', auth: { kind: 'agent' } }));
  for (const n of ['h1', 'h2'])
    repos.hosts.save(
      HostRecord.parse({ name: `${n}-g`, address: `10.0.1.${n.slice(1)}`, user: 'root', auth: { kind: 'agent' }, guestOf: n, technology: 'lxc' }),
    );
  definePlatform(repos, { name: 'native', technology: 'native', product: 'bare metal', isBaseline: true, endpoints: ['h1', 'h2'] });
  definePlatform(repos, { name: 'container', technology: 'os-level', product: 'LXC', isBaseline: false, endpoints: ['h1-g', 'h2-g'] });
  const service = createCampaignService(db, repos);
  const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
  const platformName = new Map(repos.platforms.list().map((p) => [p.id, p.name]));
  for (const run of repos.runs.listByCampaign(campaignId)) {
    repos.runs.transition(run.id, 'installing');
    repos.runs.transition(run.id, 'running', { remoteRunId: `vl-test-${run.id}` });
    repos.runs.transition(run.id, 'parsing');
    repos.rawLogs.put(run.id, 'stdout', `write=${run.id}\n`);
    const slow = platformName.get(run.platformId) === 'container' ? 0.9 : 1;
    repos.metrics.insertMetrics([
      {
        runId: run.id,
        name: 'write_kbps',
        point: String(run.params['fileSize']),
        value: (100_000 + run.repetition * 1000) * slow,
        unit: 'KiB/s',
        better: 'higher',
      },
    ]);
    repos.runs.transition(run.id, 'done');
  }
  repos.campaigns.setState(campaignId, 'done');
  return campaignId;
}

const snapshot = (db: Database) =>
  db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM campaigns) AS c, (SELECT COUNT(*) FROM runs) AS r, (SELECT COUNT(*) FROM metrics) AS m,
  (SELECT COUNT(*) FROM run_transitions) AS t, (SELECT COUNT(*) FROM raw_logs) AS l, (SELECT COUNT(*) FROM scenarios) AS s, (SELECT COUNT(*) FROM platforms) AS p`,
    )
    .get();

let tmp: ReturnType<typeof tempDir>;
let source: Database;
let target: Database;
let bundle: string;
let campaignId: number;

beforeEach(() => {
  tmp = tempDir('virtlab-bundle-');
  source = openDatabase({ path: join(tmp.dir, 'source.db') });
  target = openDatabase({ path: join(tmp.dir, 'target.db') });
  campaignId = finishedCampaign(source);
  bundle = join(tmp.dir, 'out.vlbundle');
  exportBundle(source, bundle);
});
afterEach(() => {
  source.close();
  target.close();
  tmp.cleanup();
});

describe('bundles', () => {
  it('round-trips into an empty database with the same comparison, and a second import adds nothing', () => {
    const r = importBundle(target, bundle);
    expect(r).toMatchObject({ runs: 12, metrics: 12, alreadyPresent: [] });
    expect(r.added).toHaveLength(1);
    const imported = (target.prepare('SELECT id FROM campaigns WHERE uuid = ?').get(r.added[0]) as { id: number }).id;
    const a = compareCampaign(source, campaignId);
    const b = compareCampaign(target, imported);
    expect(formatComparison(b)).toBe(formatComparison(a));
    expect(a.rows.find((x) => x.platform === 'container')!.relative).toBeCloseTo(90, 6);
    expect(createRepos(target).rawLogs.getText(createRepos(target).runs.listByCampaign(imported)[0]!.id, 'stdout')).toMatch(/^write=\d+\n$/);
    const before = snapshot(target);
    const again = importBundle(target, bundle);
    expect(again).toEqual({ added: [], alreadyPresent: r.added, runs: 0, metrics: 0 });
    expect(snapshot(target)).toEqual(before);
    expect(target.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('merges bundles from two databases without id clashes', () => {
    const other = openDatabase({ path: join(tmp.dir, 'other.db') });
    finishedCampaign(other);
    const second = join(tmp.dir, 'second.vlbundle');
    exportBundle(other, second);
    other.close();
    importBundle(target, bundle);
    importBundle(target, second);
    expect(snapshot(target)).toMatchObject({ c: 2, r: 24, m: 24, p: 2 });
    // Same scenario text from both: one scenario row.
    expect(snapshot(target)).toMatchObject({ s: 1 });
  });

  it('refuses truncated, corrupt, foreign and future bundles and leaves the database unchanged', () => {
    importBundle(target, bundle);
    const before = snapshot(target);
    const variants: [string, (p: string) => void, RegExp][] = [
      ['truncated', (p) => truncateSync(p, Math.floor(statSync(p).size / 2)), /truncated/],
      [
        'not sqlite',
        (p) => writeFileSync(p, 'hello, I am a text file that is long enough to have a header of one hundred bytes or more, really.\n'.repeat(3)),
        /not a VirtLab bundle \(not an SQLite file\)/,
      ],
      [
        'foreign sqlite',
        (p) => {
          const d = new BetterSqlite3(p);
          d.exec('CREATE TABLE t (x)');
          d.close();
        },
        /not a VirtLab bundle \(no virtlab_bundle table\)/,
      ],
      [
        'future version',
        (p) => {
          copyFileSync(bundle, p);
          const d = new BetterSqlite3(p);
          d.prepare("UPDATE virtlab_bundle SET value = '99' WHERE key = 'version'").run();
          d.close();
        },
        /version 99 bundle/,
      ],
      [
        'rows removed',
        (p) => {
          copyFileSync(bundle, p);
          const d = new BetterSqlite3(p);
          d.prepare('DELETE FROM raw_logs WHERE rowid IN (SELECT rowid FROM raw_logs LIMIT 1)').run();
          d.close();
        },
        /incomplete: raw_logs/,
      ],
      [
        'flipped byte',
        (p) => {
          copyFileSync(bundle, p);
          const b = readFileSync(p);
          const at = b.indexOf('write_kbps');
          b[at + 3] = b[at + 3]! ^ 1;
          if (at < 0) throw new Error('no raw log bytes found');
          writeFileSync(p, b);
        },
        /corrupt/,
      ],
    ];
    for (const [name, make, message] of variants) {
      const p = join(tmp.dir, `${name.replace(/ /g, '-')}.vlbundle`);
      if (name === 'truncated') copyFileSync(bundle, p);
      make(p);
      expect(() => importBundle(target, p), name).toThrow(message);
      expect(snapshot(target), name).toEqual(before);
    }
  });

  it('writes metrics as CSV with one row per value', () => {
    const rows = metricRows(source);
    expect(rows).toHaveLength(12);
    const csv = toCsv(rows).split('\r\n');
    expect(csv[0]).toBe('campaign,campaignName,platform,technology,benchmark,params,repetition,nodeCount,attempt,run,metric,point,value,unit,better');
    expect(csv[1]).toMatch(/^[0-9a-f-]{36},bundle-test v1,native,native,iozone,"\{""fileSize"":1024,/);
  });
});
