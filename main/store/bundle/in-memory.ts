// Loads an exported results bundle (main/store/bundle/format.ts) into a fresh in-memory database with the store's
// schema, so the same comparison queries read it. The bundle file itself is opened read-only and never written, and is
// checked as an import checks it (exact schema with trusted_schema off, integrity, checksum, every row) before any
// table is read: a bundle to review is as untrusted as one to import.
import type { Database } from 'better-sqlite3';
import { openBundle } from './import.ts';
import type { ScenarioCheck } from './rows.ts';
import { openDatabase } from '../open-database.ts';

type Row = Record<string, unknown>;

/** `checkScenario`: how a bundled scenario is checked (main/campaigns/bundle/import.ts checkBundledScenario). */
export function loadBundleInMemory(path: string, checkScenario: ScenarioCheck): Database {
  const src = openBundle(path, checkScenario);
  try {
    const db = openDatabase({ path: ':memory:' });
    const copy = db.transaction(() => {
      const now = Date.now();
      const platformId = new Map<string, number>();
      const insP = db.prepare('INSERT INTO platforms (name, technology, product, version, is_baseline, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      for (const p of src.prepare('SELECT * FROM platforms').iterate() as Iterable<Row>) {
        platformId.set(p.name as string, Number(insP.run(p.name, p.technology, p.product, p.version, p.is_baseline, now).lastInsertRowid));
      }
      const scenarioId = new Map<string, number>();
      const insS = db.prepare('INSERT INTO scenarios (uuid, name, version, json, created_at) VALUES (?, ?, ?, ?, ?)');
      for (const s of src.prepare('SELECT * FROM scenarios').iterate() as Iterable<Row>) {
        scenarioId.set(s.uuid as string, Number(insS.run(s.uuid, s.name, s.version, s.json, s.created_at).lastInsertRowid));
      }
      const campaignId = new Map<string, number>();
      const insC = db.prepare(`INSERT INTO campaigns (uuid, scenario_id, name, state, created_at, started_at, ended_at, seed, options_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const c of src.prepare('SELECT * FROM campaigns ORDER BY created_at').iterate() as Iterable<Row>) {
        campaignId.set(
          c.uuid as string,
          Number(
            insC.run(c.uuid, scenarioId.get(c.scenario_uuid as string), c.name, c.state, c.created_at, c.started_at, c.ended_at, c.seed, c.options_json)
              .lastInsertRowid,
          ),
        );
      }
      // Runs go in as they were (state included), then their metrics; the rollup is rebuilt once at the end.
      const runId = new Map<string, number>();
      const insR = db.prepare(`INSERT INTO runs (uuid, campaign_id, plan_index, platform_id, benchmark, params_json, repetition, node_count, state,
        attempt, remote_run_id, endpoints_json, estimate_sec, command, benchmark_version, compiler_version, started_at, ended_at, error)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      for (const r of src.prepare('SELECT * FROM runs ORDER BY campaign_uuid, plan_index, attempt').iterate() as Iterable<Row>) {
        runId.set(
          r.uuid as string,
          Number(
            insR.run(
              r.uuid,
              campaignId.get(r.campaign_uuid as string),
              r.plan_index,
              platformId.get(r.platform as string),
              r.benchmark,
              r.params_json,
              r.repetition,
              r.node_count,
              r.state,
              r.attempt,
              r.remote_run_id,
              r.endpoints_json,
              r.estimate_sec,
              r.command,
              r.benchmark_version,
              r.compiler_version,
              r.started_at,
              r.ended_at,
              r.error,
            ).lastInsertRowid,
          ),
        );
      }
      const insT = db.prepare('INSERT INTO run_transitions (run_id, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?)');
      for (const t of src.prepare('SELECT * FROM run_transitions ORDER BY run_uuid, seq').iterate() as Iterable<Row>) {
        insT.run(runId.get(t.run_uuid as string), t.from_state, t.to_state, t.at, t.detail);
      }
      const insM = db.prepare('INSERT INTO metrics (run_id, name, point, value, unit, better) VALUES (?, ?, ?, ?, ?, ?)');
      for (const m of src.prepare('SELECT * FROM metrics').iterate() as Iterable<Row>) {
        insM.run(runId.get(m.run_uuid as string), m.name, m.point, m.value, m.unit, m.better);
      }
      db.exec('DELETE FROM metric_rollup; DELETE FROM metric_rollup_stale; INSERT INTO metric_rollup_stale (campaign_id) SELECT id FROM campaigns;');
    });
    try {
      copy();
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  } finally {
    src.close();
  }
}
