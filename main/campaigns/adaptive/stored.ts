// A scenario as it is saved: parsing fills `repetitions` with its default even when the scenario repeats adaptively,
// and a saved version that said both would be refused when it is read back (campaign start, export). Keep it out.
import type { Scenario } from '../../contract/scenarios.ts';

export function storedScenario(scenario: Scenario): Omit<Scenario, 'repetitions'> & { repetitions?: number } {
  if (!scenario.adaptive) return scenario;
  const { repetitions: _unused, ...rest } = scenario;
  return rest;
}
