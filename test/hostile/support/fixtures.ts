// What the hostile corpus is made of: a real results database and its real export, bundles crafted from it and
// re-sealed with valid checksums, a deflate bomb, and hostile files (sparse giants, binary garbage, deep nesting).
import { closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import type BetterSqlite3 from 'better-sqlite3';
import { exportBundle } from '../../../main/store/bundle/export.ts';
import { databaseFile } from '../../../main/config/data-dir.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { craftBundle } from '../../main/campaigns/bundle/hostile-bundle.ts';
import { buildResultsDb } from '../../e2e/support/results-fixture.ts';

/**
 * A raw deflate stream that inflates to `bytes` zeros (a multiple of 16 MiB) from about 1/1000 of that: one
 * compressed 16 MiB block ending in a full flush (byte-aligned, no back references across it) repeated, then a final
 * empty block.
 */
export function deflateBomb(bytes: number): Buffer {
  const chunk = 16 * 1024 * 1024;
  const piece = deflateRawSync(Buffer.alloc(chunk), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  return Buffer.concat([...Array.from({ length: Math.ceil(bytes / chunk) }, () => piece), deflateRawSync(Buffer.alloc(0))]);
}

export const BOMB_BYTES = 2 * 1024 ** 3 - 16 * 1024 * 1024; // under Node's 2 GiB buffer limit, so nothing stops it early

/** A data folder holding a real results database (3 platforms, netperf/IOzone/NPB runs with metrics and failures). */
export function populatedDataDir(dir: string): { dataDir: string; db: string; runId: number } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = databaseFile(dir);
  buildResultsDb(db, { repetitions: 2, seed: 14 });
  const d = openDatabase({ path: db });
  try {
    const runId = (d.prepare('SELECT id FROM runs ORDER BY id LIMIT 1').get() as { id: number }).id;
    return { dataDir: dir, db, runId };
  } finally {
    d.close();
  }
}

/** Gives one run of the database a stdout log that inflates to BOMB_BYTES while its row claims 100 bytes. */
export function plantRawLogBomb(dbPath: string, runId: number): void {
  const d = openDatabase({ path: dbPath });
  try {
    d.prepare("INSERT OR REPLACE INTO raw_logs (run_id, stream, encoding, data, size, sha256, created_at) VALUES (?, 'stdout', 'deflate', ?, 100, ?, 0)").run(
      runId,
      deflateBomb(BOMB_BYTES),
      'a'.repeat(64),
    );
  } finally {
    d.close();
  }
}

export function exportGoodBundle(dbPath: string, to: string): string {
  const d = openDatabase({ path: dbPath });
  try {
    exportBundle(d, to);
  } finally {
    d.close();
  }
  return to;
}

/** Bundles changed by hand and re-sealed (counts and content checksum recomputed), as anyone can. */
const rawLog = (d: BetterSqlite3.Database, data: Buffer, size: number) =>
  d.prepare("INSERT INTO raw_logs SELECT uuid, 'stdout', 'deflate', ?, ?, ?, 0 FROM runs LIMIT 1").run(data, size, 'ab'.repeat(32));

export const CRAFTED_BUNDLES: [string, (d: BetterSqlite3.Database) => void][] = [
  ['generated column of 2e7 bytes a row', (d) => d.exec('ALTER TABLE platforms ADD COLUMN g BLOB GENERATED ALWAYS AS (zeroblob(20000000)) VIRTUAL')],
  ['trigger', (d) => d.exec('CREATE TRIGGER t AFTER INSERT ON platforms BEGIN SELECT 1; END')],
  ['view of randomblob(1e9)', (d) => d.exec('CREATE VIEW v AS SELECT randomblob(1000000000)')],
  [
    'escape codes in a platform name',
    (d) => {
      d.pragma('foreign_keys = OFF');
      d.prepare("UPDATE platforms SET name = ? WHERE name = 'kvm'").run('\u001b[2J\u001b]0;pwned\u0007kvm');
      d.prepare("UPDATE runs SET platform = ? WHERE platform = 'kvm'").run('\u001b[2J\u001b]0;pwned\u0007kvm');
    },
  ],
  ['invalid scenario', (d) => d.prepare('UPDATE scenarios SET json = ?').run('{"name":"b","platforms":7}')],
  ['raw log claiming 10^12 bytes', (d) => rawLog(d, deflateRawSync(Buffer.from('x')), 1e12)],
  ['raw log bomb of 2 GiB claiming 100 bytes', (d) => rawLog(d, deflateBomb(BOMB_BYTES), 100)],
];

export function craftedBundles(good: string, dir: string): { name: string; path: string }[] {
  return CRAFTED_BUNDLES.map(([name, change], i) => ({ name, path: craftBundle(good, join(dir, `crafted-${i}.vlbundle`), change) }));
}

/** A sparse file of `bytes` (holes read as zeros, cost nothing on disk). */
export function sparseFile(path: string, bytes: number): string {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  return path;
}

export function textFile(path: string, text: string | Buffer): string {
  writeFileSync(path, text);
  return path;
}

const sizes = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) * 64).join(', ');
const powers = Array.from({ length: 10 }, (_, i) => 64 * 2 ** i).join(', ');

const referenceEntries = Array.from(
  { length: 128 },
  (_, i) => `  - benchmark: iozone\n    params: { fileSizes: [${powers}], recordSize: ${4 * 2 ** (i % 5)} }\n`,
).join('');

/** Hostile scenario texts by name (YAML and JSON), and the reference: a legitimate scenario just under the 16 KiB text
 * bound that plans 10,240 runs (128 IOzone sweeps of 10 sizes on 2 platforms, 4 repetitions). */
export const SCENARIOS = {
  reference: `name: reference\nplatforms: [native, kvm]\nrepetitions: 4\nbenchmarks:\n${referenceEntries}`,
  aliasBomb:
    'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n',
  tenThousandSizes: `name: q\nplatforms: [native, kvm]\nbenchmarks:\n  - benchmark: iozone\n    params: { fileSizes: [${sizes(10_000)}], recordSize: 64 }\nrepetitions: 1000\n`,
  manyBadSizes: `name: q\nplatforms: [native, kvm]\nbenchmarks:\n  - benchmark: iozone\n    params: { fileSizes: [${Array.from({ length: 3400 }, (_, i) => i + 3).join(',')}], recordSize: 64 }\n`,
  overPlanBound: `name: q\nplatforms: [native, kvm]\nbenchmarks:\n  - benchmark: iozone\n    params: { fileSizes: [${powers}], recordSize: 64 }\nrepetitions: 6000\n`,
  deepNesting: `name: ${'['.repeat(50_000)}`,
  deepJson: `{"name": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
  manyKeys: `name: q\n${Array.from({ length: 1600 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`,
};

const sizeList = (n: number) => Array.from({ length: n }, (_, i) => (i + 1) * 64);
const powerList = Array.from({ length: 10 }, (_, i) => 64 * 2 ** i);
const iozoneEntry = (fileSizes: number[], recordSize = 64) => ({ benchmark: 'iozone', params: { fileSizes, recordSize } });

/** The same scenarios as objects, as the contract carries them (text is parsed only at the file boundary, the CLI). */
export const SCENARIO_OBJECTS = {
  reference: {
    name: 'reference',
    platforms: ['native', 'kvm'],
    repetitions: 4,
    benchmarks: Array.from({ length: 128 }, (_, i) => iozoneEntry(powerList, 4 * 2 ** (i % 5))),
  },
  tenThousandSizes: { name: 'q', platforms: ['native', 'kvm'], benchmarks: [iozoneEntry(sizeList(10_000))], repetitions: 1000 },
  manyBadSizes: { name: 'q', platforms: ['native', 'kvm'], benchmarks: [iozoneEntry(Array.from({ length: 3400 }, (_, i) => i + 3))] },
  overPlanBound: { name: 'q', platforms: ['native', 'kvm'], benchmarks: [iozoneEntry(powerList)], repetitions: 6000 },
  manyKeys: Object.fromEntries([['name', 'q'], ...Array.from({ length: 1600 }, (_, i) => [`k${i}`, i])]) as Record<string, unknown>,
};
