import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { schemaVersion, latestVersion, SchemaVersionError } from '../../../main/store/migrate.ts';
import { migrations } from '../../../main/store/migrations/index.ts';
import type { Migration } from '../../../main/store/migrations/migration.ts';
import { tempDir } from './temp-db.ts';

let tmp: ReturnType<typeof tempDir>;
const open: Database[] = [];
const track = (db: Database) => (open.push(db), db);

beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  tmp.cleanup();
});

const tables = (db: Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('openDatabase', () => {
  it('creates parent folders and applies every migration to a fresh file', () => {
    const path = join(tmp.dir, 'a', 'b', 'virtlab.db');
    const db = track(openDatabase({ path }));
    expect(existsSync(path)).toBe(true);
    expect(schemaVersion(db)).toBe(latestVersion(migrations));
    const rows = db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all() as {
      version: number;
      name: string;
      applied_at: number;
    }[];
    expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    for (const r of rows) expect(r.applied_at).toBeGreaterThan(1_600_000_000_000);
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'hosts',
        'guests',
        'platforms',
        'platform_endpoints',
        'facts_snapshots',
        'scenarios',
        'campaigns',
        'runs',
        'run_transitions',
        'metrics',
        'raw_logs',
        'install_records',
        'schema_migrations',
      ]),
    );
  });

  it('turns on WAL, foreign keys, busy timeout and synchronous=NORMAL', () => {
    const db = track(openDatabase({ path: join(tmp.dir, 'v.db'), busyTimeoutMs: 1234 }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    // Foreign keys really are enforced: a guest of a host that does not exist is refused.
    expect(() => db.prepare("INSERT INTO guests (host_id, parent_host_id, technology) VALUES (998, 999, 'lxc')").run()).toThrow(/FOREIGN KEY/);
  });

  it('reopening an up-to-date database applies nothing and keeps the data', () => {
    const path = join(tmp.dir, 'v.db');
    const first = openDatabase({ path });
    first.prepare("INSERT INTO scenarios (name, version, json, created_at) VALUES ('s', 1, '{}', 1)").run();
    const before = first.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
    first.close();
    const again = track(openDatabase({ path }));
    expect(again.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all()).toEqual(before);
    expect(again.prepare('SELECT COUNT(*) AS n FROM scenarios').get()).toEqual({ n: 1 });
  });

  it('applies only the new migrations to an older database', () => {
    const path = join(tmp.dir, 'v.db');
    openDatabase({ path, migrations: migrations.slice(0, 1) }).close();
    const older = track(openDatabase({ path, readonly: true, migrations: migrations.slice(0, 1) }));
    expect(schemaVersion(older)).toBe(1);
    older.close();
    expect(() => openDatabase({ path, readonly: true })).toThrow(/older than/);
    const db = track(openDatabase({ path }));
    expect(schemaVersion(db)).toBe(latestVersion(migrations));
  });

  it('refuses a database written by a newer VirtLab, with a clear message, and leaves it untouched', () => {
    const path = join(tmp.dir, 'v.db');
    const future: Migration = { version: 999, name: 'from-the-future', up: (db) => db.exec('CREATE TABLE future_thing (x INTEGER)') };
    openDatabase({ path, migrations: [...migrations, future] }).close();
    let caught: unknown;
    try {
      openDatabase({ path });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SchemaVersionError);
    expect(String((caught as Error).message)).toContain(`schema version 999, newer than this VirtLab understands (${latestVersion(migrations)})`);
    expect(() => openDatabase({ path, readonly: true })).toThrow(SchemaVersionError);
    const check = track(openDatabase({ path, readonly: true, migrations: [...migrations, future] }));
    expect(schemaVersion(check)).toBe(999);
  });

  it('rolls back a failing migration entirely and records nothing for it', () => {
    const path = join(tmp.dir, 'v.db');
    const broken: Migration = {
      version: 900,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half_done (x INTEGER)');
        db.exec('THIS IS NOT SQL');
      },
    };
    expect(() => openDatabase({ path, migrations: [...migrations, broken] })).toThrow();
    const db = track(openDatabase({ path }));
    expect(schemaVersion(db)).toBe(latestVersion(migrations));
    expect(tables(db)).not.toContain('half_done');
  });

  it('read-only opens do not create files and cannot write', () => {
    const path = join(tmp.dir, 'v.db');
    expect(() => openDatabase({ path, readonly: true })).toThrow();
    expect(existsSync(path)).toBe(false);
    openDatabase({ path }).close();
    const ro = track(openDatabase({ path, readonly: true }));
    expect(() => ro.prepare("INSERT INTO scenarios (name, version, json, created_at) VALUES ('s', 1, '{}', 1)").run()).toThrow(/readonly/);
  });

  it('loads an explicitly given native binding (how Electron passes its own ABI build)', () => {
    const binding = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
    const db = track(openDatabase({ path: join(tmp.dir, 'n.db'), nativeBinding: binding }));
    expect(schemaVersion(db)).toBe(latestVersion(migrations));
    expect(() => openDatabase({ path: join(tmp.dir, 'm.db'), nativeBinding: join(tmp.dir, 'missing.node') })).toThrow();
  });

  it('refuses to store something that looks like a secret instead of a reference', () => {
    const db = track(openDatabase({ path: join(tmp.dir, 'v.db') }));
    const insert = db.prepare(
      "INSERT INTO hosts (name, address, username, auth_kind, secret_ref, created_at, updated_at) VALUES (?, '10.0.0.1', 'root', 'password', ?, 0, 0)",
    );
    expect(() => insert.run('a', 'hunter2')).toThrow(/CHECK/);
    expect(() => insert.run('b', 'file:-----BEGIN OPENSSH PRIVATE KEY-----')).toThrow(/CHECK/);
    expect(insert.run('c', 'host:node01:password').changes).toBe(1);
    expect(insert.run('d', null).changes).toBe(1);
  });
});
