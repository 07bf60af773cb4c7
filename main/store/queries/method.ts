// What the report's method section reads: the campaign's runs grouped by what was run where, and its scenario.
import type { Database } from 'better-sqlite3';

export interface MethodRow {
  benchmark: string;
  platform: string;
  version: string;
  compiler: string;
  params: string;
  nodes: number;
  /** Measured runs (attempts included); warm-ups apart, since their values are discarded. */
  runs: number;
  warmups: number;
  repetitions: number;
  command: string | null;
}
export interface CampaignScenarioRow {
  name: string;
  version: number;
  seed: number | null;
}

export function methodRows(db: Database, campaignId: number): MethodRow[] {
  return db
    .prepare(
      `SELECT r.benchmark AS benchmark, p.name AS platform, COALESCE(r.benchmark_version, '') AS version,
      COALESCE(r.compiler_version, '') AS compiler, r.params_json AS params, r.node_count AS nodes,
      SUM(r.repetition >= 0) AS runs, SUM(r.repetition < 0) AS warmups, MAX(r.repetition) + 1 AS repetitions, MIN(r.command) AS command
    FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ?
    GROUP BY r.benchmark, p.name, version, compiler, r.params_json, r.node_count ORDER BY r.benchmark, p.is_baseline DESC, p.name, r.node_count`,
    )
    .all(campaignId) as MethodRow[];
}

export function campaignScenario(db: Database, campaignId: number): CampaignScenarioRow | undefined {
  return db.prepare('SELECT s.name, s.version, c.seed FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id WHERE c.id = ?').get(campaignId) as
    CampaignScenarioRow | undefined;
}
