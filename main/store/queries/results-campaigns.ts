// Campaigns of a results source with what the Compare page needs to pick one: counts, platforms, baseline.
import type { Database } from 'better-sqlite3';
import type { ResultsCampaign } from '../../contract/results.ts';

interface Row {
  id: number;
  uuid: string | null;
  name: string;
  state: string;
  scenario: string;
  scenarioVersion: number;
  createdAt: number;
  endedAt: number | null;
  total: number;
  done: number;
  failed: number;
  metrics: number;
  platforms: string | null;
  baseline: string | null;
}

const SQL = `SELECT c.id, c.uuid, c.name, c.state, s.name AS scenario, s.version AS scenarioVersion, c.created_at AS createdAt, c.ended_at AS endedAt,
    (SELECT COUNT(*) FROM runs r WHERE r.campaign_id = c.id) AS total,
    (SELECT COUNT(*) FROM runs r WHERE r.campaign_id = c.id AND r.state = 'done') AS done,
    (SELECT COUNT(*) FROM runs r WHERE r.campaign_id = c.id AND r.state IN ('failed', 'interrupted', 'cancelled')) AS failed,
    (SELECT COUNT(*) FROM runs r JOIN metrics m ON m.run_id = r.id WHERE r.campaign_id = c.id) AS metrics,
    (SELECT json_group_array(name) FROM (SELECT DISTINCT p.name FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = c.id ORDER BY p.is_baseline DESC, p.name)) AS platforms,
    (SELECT p.name FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = c.id AND p.is_baseline = 1 LIMIT 1) AS baseline
  FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id ORDER BY c.id DESC`;

export function listResultsCampaigns(db: Database): ResultsCampaign[] {
  const hasUuid = db.prepare("SELECT 1 FROM pragma_table_info('campaigns') WHERE name = 'uuid'").get() !== undefined;
  const rows = db.prepare(hasUuid ? SQL : SQL.replace('c.uuid,', 'NULL AS uuid,')).all() as Row[];
  return rows.map((r) => ({
    id: r.id,
    uuid: r.uuid,
    name: r.name,
    state: r.state,
    scenario: r.scenario,
    scenarioVersion: r.scenarioVersion,
    createdAt: r.createdAt,
    endedAt: r.endedAt,
    runs: { total: r.total, done: r.done, failed: r.failed, other: r.total - r.done - r.failed },
    metrics: r.metrics,
    platforms: JSON.parse(r.platforms ?? '[]') as string[],
    baseline: r.baseline,
  }));
}
