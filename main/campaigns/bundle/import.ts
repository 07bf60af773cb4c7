// Importing a bundle holds its scenarios to the rules a saved scenario meets (main/scenarios/validate.ts); the
// rows themselves are read and written by the store (main/store/bundle/import.ts).
import type { Database } from '../../store/database.ts';
import { importBundle as importInto, type ImportResult } from '../../store/bundle/import.ts';
import type { ScenarioCheck } from '../../store/bundle/rows.ts';
import { validateScenario } from '../../scenarios/validate.ts';

export type { ImportResult };

export const checkBundledScenario: ScenarioCheck = (definition) => {
  const v = validateScenario(definition);
  return v.ok ? { ok: true, name: v.scenario!.name } : { ok: false, problem: `${v.issues[0]!.path}: ${v.issues[0]!.message}` };
};

export function importBundle(db: Database, path: string, now: () => number = Date.now): ImportResult {
  return importInto(db, path, checkBundledScenario, now);
}
