// Scenarios are versioned: saving a changed scenario adds a version, so old campaigns keep pointing at what they ran.
import type { Database, Statement } from 'better-sqlite3';

export interface Scenario {
  id: number;
  name: string;
  version: number;
  definition: unknown;
  createdAt: number;
}
type Row = { id: number; name: string; version: number; json: string; createdAt: number };
const COLS = 'id, name, version, json, created_at AS createdAt';
const toScenario = (r: Row): Scenario => ({ id: r.id, name: r.name, version: r.version, definition: JSON.parse(r.json), createdAt: r.createdAt });

export function createScenariosRepo(db: Database, now: () => number = Date.now) {
  const insert = db.prepare('INSERT INTO scenarios (name, version, json, created_at) VALUES (?, ?, ?, ?)');
  const latest = db.prepare(`SELECT ${COLS} FROM scenarios WHERE name = ? ORDER BY version DESC LIMIT 1`) as Statement<[string], Row>;
  const byId = db.prepare(`SELECT ${COLS} FROM scenarios WHERE id = ?`) as Statement<[number], Row>;
  const byVersion = db.prepare(`SELECT ${COLS} FROM scenarios WHERE name = ? AND version = ?`) as Statement<[string, number], Row>;
  const names = db.prepare(
    `SELECT ${COLS} FROM scenarios s WHERE version = (SELECT MAX(version) FROM scenarios WHERE name = s.name) ORDER BY name`,
  ) as Statement<[], Row>;

  const save = db.transaction((name: string, definition: unknown): Scenario => {
    const json = JSON.stringify(definition);
    const last = latest.get(name);
    if (last && last.json === json) return toScenario(last);
    const id = Number(insert.run(name, (last?.version ?? 0) + 1, json, now()).lastInsertRowid);
    return toScenario(byId.get(id)!);
  });

  return {
    /** Returns the latest version if unchanged, otherwise stores the next version. */
    save: (name: string, definition: unknown): Scenario => save.immediate(name, definition),
    get: (id: number): Scenario | undefined => {
      const r = byId.get(id);
      return r ? toScenario(r) : undefined;
    },
    getVersion: (name: string, version: number): Scenario | undefined => {
      const r = byVersion.get(name, version);
      return r ? toScenario(r) : undefined;
    },
    latest: (name: string): Scenario | undefined => {
      const r = latest.get(name);
      return r ? toScenario(r) : undefined;
    },
    listLatest: (): Scenario[] => names.all().map(toScenario),
  };
}
export type ScenariosRepo = ReturnType<typeof createScenariosRepo>;
