// Scenarios (what to measure), campaigns (one execution of a scenario) and their runs with every state change.
import type { Migration } from './migration.ts';

export const CAMPAIGN_STATES = ['planned', 'running', 'done', 'failed', 'interrupted', 'cancelled'] as const;
export const RUN_STATES = ['planned', 'installing', 'running', 'parsing', 'done', 'failed', 'interrupted', 'cancelled'] as const;
const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

export const migration002: Migration = {
  version: 2,
  name: 'campaigns',
  up(db) {
    db.exec(`
CREATE TABLE scenarios (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  json TEXT NOT NULL CHECK (json_valid(json)),
  created_at INTEGER NOT NULL,
  UNIQUE (name, version)
) STRICT;

CREATE TABLE campaigns (
  id INTEGER PRIMARY KEY,
  scenario_id INTEGER NOT NULL REFERENCES scenarios(id) ON DELETE RESTRICT,  -- a scenario row is one (name, version)
  name TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN (${list(CAMPAIGN_STATES)})),
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  ended_at INTEGER
) STRICT;
CREATE INDEX campaigns_by_scenario ON campaigns(scenario_id);
CREATE INDEX campaigns_by_state ON campaigns(state);

CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  plan_index INTEGER NOT NULL,          -- position in the campaign's expanded plan; retries share it
  platform_id INTEGER NOT NULL REFERENCES platforms(id) ON DELETE RESTRICT,
  benchmark TEXT NOT NULL,
  params_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params_json)),
  repetition INTEGER NOT NULL DEFAULT 0,
  node_count INTEGER NOT NULL DEFAULT 1 CHECK (node_count >= 1),
  state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN (${list(RUN_STATES)})),
  attempt INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  remote_run_id TEXT,                   -- id of the detached remote job, to reattach after an app restart
  facts_snapshot_id INTEGER REFERENCES facts_snapshots(id) ON DELETE SET NULL,
  command TEXT,                         -- argv as JSON, for the record
  benchmark_version TEXT,
  compiler_version TEXT,
  started_at INTEGER,
  ended_at INTEGER,
  error TEXT,
  UNIQUE (campaign_id, plan_index, attempt)
) STRICT;
CREATE INDEX runs_for_comparison ON runs(campaign_id, state, platform_id, benchmark);
CREATE INDEX runs_by_state ON runs(state);
CREATE INDEX runs_by_platform ON runs(platform_id);
CREATE INDEX runs_by_remote_id ON runs(remote_run_id) WHERE remote_run_id IS NOT NULL;

CREATE TABLE run_transitions (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  from_state TEXT CHECK (from_state IS NULL OR from_state IN (${list(RUN_STATES)})),
  to_state TEXT NOT NULL CHECK (to_state IN (${list(RUN_STATES)})),
  at INTEGER NOT NULL,
  detail TEXT
) STRICT;
CREATE INDEX run_transitions_by_run ON run_transitions(run_id, id);
`);
  },
};
