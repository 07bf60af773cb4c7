// A bundle's schema must be exactly the one VirtLab writes: anyone can compute a bundle's checksum, so a crafted file
// could add generated columns, triggers, views or indexes whose expressions run while it is read. Compared before any
// of its tables is read, on a handle with trusted_schema off (no functions from the schema run at all).
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { BUNDLE_SCHEMA, BundleError } from './format.ts';

interface SchemaRow {
  type: string;
  name: string;
  tbl_name: string;
  sql: string | null;
}

const normalise = (sql: string | null) => (sql === null ? null : sql.replace(/\s+/g, ' ').trim());
const key = (r: SchemaRow) => JSON.stringify([r.type, r.name, r.tbl_name, normalise(r.sql)]);

let expected: Set<string> | undefined;
function expectedSchema(): Set<string> {
  if (!expected) {
    const mem = new BetterSqlite3(':memory:');
    try {
      mem.exec(BUNDLE_SCHEMA);
      expected = new Set((mem.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all() as SchemaRow[]).map(key));
    } finally {
      mem.close();
    }
  }
  return expected;
}

/** Turns off what a hostile schema could use, then compares the schema entry by entry; throws BundleError. */
export function checkBundleSchema(b: Database, path: string): void {
  let rows: SchemaRow[];
  try {
    b.pragma('trusted_schema = OFF');
    rows = b.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all() as SchemaRow[];
  } catch (e) {
    throw new BundleError(`${path} is corrupt: ${(e as Error).message}`);
  }
  if (!rows.some((r) => r.type === 'table' && r.name === 'virtlab_bundle'))
    throw new BundleError(`${path} is an SQLite file but not a VirtLab bundle (no virtlab_bundle table)`);
  const want = expectedSchema();
  const extra = rows.filter((r) => !want.has(key(r)));
  if (extra.length)
    throw new BundleError(
      `${path} is not a VirtLab bundle: unexpected schema entry ${extra[0]!.type} ${JSON.stringify(extra[0]!.name)}${extra.length > 1 ? ` (and ${extra.length - 1} more)` : ''}`,
    );
  const have = new Set(rows.map(key));
  const missing = [...want].filter((k) => !have.has(k));
  if (missing.length) {
    const [type, name] = JSON.parse(missing[0]!) as [string, string];
    throw new BundleError(`${path}: ${type} ${name} is missing or differs from a VirtLab bundle's`);
  }
}
