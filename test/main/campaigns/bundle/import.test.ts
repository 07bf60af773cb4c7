// Imported bundles are untrusted: crafted files with valid checksums (extra schema, bad names and scenarios, a second
// baseline) are refused or tamed, and the database is left as it was.
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRecord } from '../../../../main/contract/hosts.ts';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { openDatabase, type Database } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { createCampaignService } from '../../../../main/campaigns/service.ts';
import { exportBundle } from '../../../../main/store/bundle/export.ts';
import { importBundle } from '../../../../main/campaigns/bundle/import.ts';
import { tempDir } from '../../store/temp-db.ts';
import { craftBundle } from './hostile-bundle.ts';
import { scenarioFromText } from '../../../support/scenario-text.ts';

const SCENARIO = 'name: crafted\nplatforms: [native]\nbenchmarks:\n  - benchmark: iozone\n    params: { fileSizes: [1024], recordSize: 64 }\nrepetitions: 2\n';

let tmp: ReturnType<typeof tempDir>;
let target: Database;
let bundle: string;

beforeEach(() => {
  tmp = tempDir('virtlab-hostile-bundle-');
  const source = openDatabase({ path: join(tmp.dir, 'source.db') });
  const repos = createRepos(source);
  repos.hosts.save(HostRecord.parse({ name: 'h1', address: '10.0.0.1', user: 'root', auth: { kind: 'agent' } }));
  definePlatform(repos, { name: 'native', technology: 'native', product: 'bare metal', isBaseline: true, endpoints: ['h1'] });
  createCampaignService(source, repos).createCampaign(scenarioFromText(SCENARIO));
  bundle = join(tmp.dir, 'good.vlbundle');
  exportBundle(source, bundle);
  source.close();
  target = openDatabase({ path: join(tmp.dir, 'target.db') });
});
afterEach(() => {
  target.close();
  tmp.cleanup();
});

const dump = (db: Database) =>
  ['platforms', 'scenarios', 'campaigns', 'runs', 'raw_logs'].map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));

describe('importing a crafted bundle', () => {
  const refused: [string, (d: BetterSqlite3.Database) => void, string][] = [
    [
      'a generated column',
      (d) => d.exec('ALTER TABLE platforms ADD COLUMN boom TEXT GENERATED ALWAYS AS (hex(zeroblob(1000))) VIRTUAL'),
      'unexpected schema entry table "platforms"',
    ],
    ['a trigger', (d) => d.exec('CREATE TRIGGER t AFTER INSERT ON platforms BEGIN SELECT 1; END'), 'unexpected schema entry trigger "t"'],
    ['a view', (d) => d.exec('CREATE VIEW v AS SELECT randomblob(1000000000)'), 'unexpected schema entry view "v"'],
    ['an index', (d) => d.exec('CREATE INDEX i ON runs(benchmark)'), 'unexpected schema entry index "i"'],
    [
      'a platform name with escape codes',
      (d) => {
        d.pragma('foreign_keys = OFF');
        d.prepare('UPDATE platforms SET name = ?').run('\u001b]0;pwned\u0007x');
        d.prepare('UPDATE runs SET platform = ?').run('\u001b]0;pwned\u0007x');
      },
      'platforms row "\\u001b]0;pwned\\u0007x" is not valid: name:',
    ],
    [
      'a scenario that is not one',
      (d) => d.prepare('UPDATE scenarios SET json = ?').run('{"name":"crafted","platforms":"everything"}'),
      'scenario crafted is not valid: platforms:',
    ],
    ['a scenario that is not JSON', (d) => d.prepare('UPDATE scenarios SET json = ?').run('{'), 'scenario crafted is not JSON'],
    ['params that are not JSON', (d) => d.prepare('UPDATE runs SET params_json = ?').run('nope'), 'params_json: not JSON'],
    [
      'a raw log claiming a gigantic size',
      (d) => {
        d.prepare("INSERT INTO raw_logs SELECT uuid, 'stdout', 'deflate', x'00', 1e12, lower(hex(randomblob(32))), 0 FROM runs LIMIT 1").run();
      },
      'size:',
    ],
  ];
  for (const [what, change, message] of refused) {
    it(`refuses ${what}, with a clear message, and changes nothing`, () => {
      const before = dump(target);
      const p = craftBundle(bundle, join(tmp.dir, 'crafted.vlbundle'), change);
      expect(() => importBundle(target, p)).toThrow(message);
      expect(dump(target)).toEqual(before);
    });
  }

  it('keeps this database the only baseline when a bundle brings another', () => {
    createRepos(target).platforms.create({ name: 'metal', technology: 'native', product: 'here', version: null, isBaseline: true });
    importBundle(target, bundle);
    expect(target.prepare('SELECT name FROM platforms WHERE is_baseline = 1').pluck().all()).toEqual(['metal']);
    expect(target.prepare('SELECT COUNT(*) FROM platforms').pluck().get()).toBe(2);
  });

  it('still imports the honest bundle', () => {
    expect(importBundle(target, bundle)).toMatchObject({ runs: 2 });
  });
});
