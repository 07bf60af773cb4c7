// Handlers of main/contract/scenarios.ts: scenarios (validate, plan, save, list, export) and platforms.
// Typed against the domain's own map until the integrator spreads it into procedures.ts; then Pick<Handlers, ...>.
import type { InputOf, OutputOf } from '../../contract/procedure.ts';
import { ContractError } from '../../contract/errors.ts';
import { PlatformDefinition, Scenario, type scenariosProcedures } from '../../contract/scenarios.ts';
import { createCampaignService, ScenarioInvalidError } from '../../campaigns/service.ts';
import { storedScenario } from '../../campaigns/adaptive/stored.ts';
import { definePlatform, listPlatforms, PlatformError } from '../../lab-model/platforms.ts';
import { scenarioToText } from '../../scenarios/source.ts';
import type { CoreContext } from '../context.ts';

type Map = typeof scenariosProcedures;
export type ScenarioHandlers = { [N in keyof Map]: (input: InputOf<Map[N]>) => Promise<OutputOf<Map[N]>> };

export function scenarioHandlers(ctx: CoreContext): ScenarioHandlers {
  const service = createCampaignService(ctx.db);
  const { repos } = service;
  const stored = (s: { id: number; name: string; version: number; createdAt: number; definition: unknown }) => ({
    id: s.id,
    name: s.name,
    version: s.version,
    createdAt: s.createdAt,
    scenario: Scenario.parse(s.definition),
  });
  return {
    'scenarios.validate': async ({ scenario }) => service.validate(scenario),
    'scenarios.plan': async ({ scenario, seed }) => {
      try {
        return service.plan(scenario, seed).plan;
      } catch (e) {
        if (e instanceof ScenarioInvalidError) throw new ContractError('invalid-input', 'the scenario is not valid', e.result.issues);
        throw e;
      }
    },
    'scenarios.save': async ({ scenario }) => {
      const v = service.validate(scenario);
      if (!v.ok || !v.scenario) throw new ContractError('invalid-input', 'the scenario is not valid', v.issues);
      return stored(repos.scenarios.save(v.scenario.name, storedScenario(v.scenario)));
    },
    'scenarios.list': async () => repos.scenarios.listLatest().map(stored),
    'scenarios.export': async ({ name, version, format }) => {
      const s = version === undefined ? repos.scenarios.latest(name) : repos.scenarios.getVersion(name, version);
      if (!s) throw new ContractError('not-found', `no scenario ${name}${version !== undefined ? ` version ${version}` : ''}`);
      return { text: scenarioToText(s.definition, format ?? 'yaml') };
    },
    'platforms.list': async () => listPlatforms(repos),
    'platforms.define': async (def) => {
      try {
        return definePlatform(repos, PlatformDefinition.parse(def));
      } catch (e) {
        if (e instanceof PlatformError) throw new ContractError('invalid-input', e.message, e.issues);
        throw e;
      }
    },
  };
}
