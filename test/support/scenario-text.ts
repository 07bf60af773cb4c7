// Scenario text read as the CLI reads a file (the file boundary), for tests that write their scenarios as YAML: the
// campaign service itself takes only objects.
import { parseScenarioText } from '../../main/scenarios/source.ts';

export function scenarioFromText(text: string): object {
  const r = parseScenarioText(text);
  if (!r.ok) throw new Error(`scenario text not readable: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return r.value as object;
}
