// Applies ordered schema migrations, one transaction each, recorded in schema_migrations.
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/migration.ts';

export class SchemaVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaVersionError';
  }
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
) STRICT`;

function hasMigrationsTable(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
}

/** The highest applied migration version, 0 for a fresh database. */
export function schemaVersion(db: Database): number {
  if (!hasMigrationsTable(db)) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

function checkOrder(migrations: readonly Migration[]): void {
  for (let i = 0; i < migrations.length; i++) {
    const m = migrations[i]!;
    if (!Number.isInteger(m.version) || m.version < 1) throw new Error(`migration "${m.name}" has an invalid version ${m.version}`);
    if (i > 0 && m.version <= migrations[i - 1]!.version) throw new Error(`migrations out of order at version ${m.version} ("${m.name}")`);
  }
}

function refuseFuture(current: number, known: number): void {
  if (current > known) {
    throw new SchemaVersionError(
      `This database has schema version ${current}, newer than this VirtLab understands (${known}). ` +
        'It was written by a newer VirtLab: upgrade VirtLab, or open a different data folder.',
    );
  }
}

/** Throws unless the database is exactly at the code's schema version (used for read-only opens, which cannot migrate). */
export function assertSchemaCurrent(db: Database, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const known = latestVersion(migrations);
  refuseFuture(current, known);
  if (current < known) {
    throw new SchemaVersionError(`This database has schema version ${current}, older than ${known}; open it read-write once to upgrade it.`);
  }
}

/** Applies every pending migration; returns the versions it applied (empty when already current). */
export function migrate(db: Database, migrations: readonly Migration[], now: () => number = Date.now): number[] {
  checkOrder(migrations);
  db.exec(CREATE_TABLE);
  refuseFuture(schemaVersion(db), latestVersion(migrations));
  const applied: number[] = [];
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    // IMMEDIATE takes the write lock first, so two processes opening the same file cannot both apply a migration.
    const step = db.transaction(() => {
      if (isApplied.get(m.version) !== undefined) return false;
      m.up(db);
      record.run(m.version, m.name, now());
      return true;
    });
    if (step.immediate()) applied.push(m.version);
  }
  return applied;
}
