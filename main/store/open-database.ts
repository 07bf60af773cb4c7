// Opens (or creates) VirtLab's results database with the pragmas the store relies on, then brings its schema up to date.
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate, assertSchemaCurrent } from './migrate.ts';
import { migrations as allMigrations } from './migrations/index.ts';
import type { Migration } from './migrations/migration.ts';

export type { Database } from 'better-sqlite3';

export interface OpenDatabaseOptions {
  /** File path of the database (':memory:' works too, for throwaway use). */
  path: string;
  /** Path to a better_sqlite3.node built for the running ABI (Electron ships its own build; Node tests use the default). */
  nativeBinding?: string;
  /** Opens an existing database without writing to it: no WAL switch, no migrations (an outdated schema is refused). */
  readonly?: boolean;
  /** How long a writer waits for another connection's lock before SQLITE_BUSY, in ms. */
  busyTimeoutMs?: number;
  /** Only for tests of the migration machinery. */
  migrations?: readonly Migration[];
}

export function openDatabase(options: OpenDatabaseOptions): Database {
  const { path, nativeBinding, readonly = false, busyTimeoutMs = 5000 } = options;
  const known = options.migrations ?? allMigrations;
  const inMemory = path === ':memory:' || path === '';
  if (!readonly && !inMemory) mkdirSync(dirname(path), { recursive: true });

  const db = new BetterSqlite3(path, {
    readonly,
    fileMustExist: readonly,
    timeout: busyTimeoutMs,
    ...(nativeBinding ? { nativeBinding } : {}),
  });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    db.pragma('foreign_keys = ON');
    if (!readonly) {
      // WAL lets the UI read while a campaign writes; NORMAL is durable across app crashes in WAL mode (only an OS crash may lose the last commits).
      if (!inMemory) db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, known);
    } else {
      assertSchemaCurrent(db, known);
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
