// Campaigns: one execution of one scenario version.
import type { Database, Statement } from 'better-sqlite3';
import type { CampaignState } from '../run-states.ts';

export interface Campaign {
  id: number;
  scenarioId: number;
  name: string;
  state: CampaignState;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
}
const COLS = 'id, scenario_id AS scenarioId, name, state, created_at AS createdAt, started_at AS startedAt, ended_at AS endedAt';
const FINAL: readonly CampaignState[] = ['done', 'failed', 'cancelled'];

export function createCampaignsRepo(db: Database, now: () => number = Date.now) {
  const insert = db.prepare('INSERT INTO campaigns (scenario_id, name, state, created_at) VALUES (?, ?, ?, ?)');
  const byId = db.prepare(`SELECT ${COLS} FROM campaigns WHERE id = ?`) as Statement<[number], Campaign>;
  const all = db.prepare(`SELECT ${COLS} FROM campaigns ORDER BY id DESC`) as Statement<[], Campaign>;
  const setState = db.prepare(`UPDATE campaigns SET state = @state,
      started_at = CASE WHEN @state = 'running' AND started_at IS NULL THEN @at ELSE started_at END,
      ended_at = CASE WHEN @final THEN @at ELSE ended_at END
    WHERE id = @id`);
  return {
    create: (scenarioId: number, name: string): number => Number(insert.run(scenarioId, name, 'planned', now()).lastInsertRowid),
    get: (id: number): Campaign | undefined => byId.get(id),
    list: (): Campaign[] => all.all(),
    setState: (id: number, state: CampaignState): boolean => setState.run({ id, state, at: now(), final: FINAL.includes(state) ? 1 : 0 }).changes === 1,
  };
}
export type CampaignsRepo = ReturnType<typeof createCampaignsRepo>;
