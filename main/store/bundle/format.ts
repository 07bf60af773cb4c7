// The portable bundle: one SQLite file with its own small schema (independent of the database's migrations),
// a marker table saying what it is, a format version, and row counts to catch a file cut short.
import type { Database } from 'better-sqlite3';
import type { Hash } from 'node:crypto';

export const BUNDLE_FORMAT = 'virtlab-bundle';
export const BUNDLE_VERSION = 1;

export const BUNDLE_SCHEMA = `
CREATE TABLE virtlab_bundle (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE platforms (name TEXT PRIMARY KEY, technology TEXT NOT NULL, product TEXT NOT NULL, version TEXT, is_baseline INTEGER NOT NULL) STRICT;
CREATE TABLE scenarios (uuid TEXT PRIMARY KEY, name TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;
CREATE TABLE campaigns (uuid TEXT PRIMARY KEY, scenario_uuid TEXT NOT NULL REFERENCES scenarios(uuid), name TEXT NOT NULL, state TEXT NOT NULL,
  created_at INTEGER NOT NULL, started_at INTEGER, ended_at INTEGER, seed INTEGER, options_json TEXT NOT NULL) STRICT;
CREATE TABLE runs (uuid TEXT PRIMARY KEY, campaign_uuid TEXT NOT NULL REFERENCES campaigns(uuid), plan_index INTEGER NOT NULL,
  platform TEXT NOT NULL REFERENCES platforms(name), benchmark TEXT NOT NULL, params_json TEXT NOT NULL, repetition INTEGER NOT NULL,
  node_count INTEGER NOT NULL, state TEXT NOT NULL, attempt INTEGER NOT NULL, remote_run_id TEXT, endpoints_json TEXT, estimate_sec REAL,
  command TEXT, benchmark_version TEXT, compiler_version TEXT, started_at INTEGER, ended_at INTEGER, error TEXT) STRICT;
CREATE TABLE run_transitions (run_uuid TEXT NOT NULL REFERENCES runs(uuid), seq INTEGER NOT NULL, from_state TEXT, to_state TEXT NOT NULL,
  at INTEGER NOT NULL, detail TEXT, PRIMARY KEY (run_uuid, seq)) STRICT;
CREATE TABLE metrics (run_uuid TEXT NOT NULL REFERENCES runs(uuid), name TEXT NOT NULL, point TEXT NOT NULL, value REAL NOT NULL,
  unit TEXT NOT NULL, better TEXT NOT NULL, PRIMARY KEY (run_uuid, name, point)) STRICT;
CREATE TABLE raw_logs (run_uuid TEXT NOT NULL REFERENCES runs(uuid), stream TEXT NOT NULL, encoding TEXT NOT NULL, data BLOB NOT NULL,
  size INTEGER NOT NULL, sha256 TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (run_uuid, stream)) STRICT;
`;

export const COUNTED_TABLES = ['platforms', 'scenarios', 'campaigns', 'runs', 'run_transitions', 'metrics', 'raw_logs'] as const;

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

/** Order of rows for the content digest: every table by its key. */
const DIGEST_ORDER: Record<(typeof COUNTED_TABLES)[number], string> = {
  platforms: 'name',
  scenarios: 'uuid',
  campaigns: 'uuid',
  runs: 'uuid',
  run_transitions: 'run_uuid, seq',
  metrics: 'run_uuid, name, point',
  raw_logs: 'run_uuid, stream',
};

/** SHA-256 over every row of every table, so a flipped byte in a value is caught even where SQLite's own checks pass. */
export function contentDigest(db: Database, hash: () => Hash): string {
  const h = hash();
  for (const t of COUNTED_TABLES) {
    h.update(`\0table ${t}\n`);
    for (const row of db.prepare(`SELECT * FROM ${t} ORDER BY ${DIGEST_ORDER[t]}`).raw().iterate() as IterableIterator<unknown[]>) {
      h.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? `b64:${v.toString('base64')}` : v))));
      h.update('\n');
    }
  }
  return h.digest('hex');
}
