// What the CLI and the core's handlers do with scenarios and campaigns, over one database.
import type { Database } from '../store/database.ts';
import type { Plan, Scenario, ValidationResult } from '../contract/scenarios.ts';
import { createRepos, type Repos } from '../store/repos/index.ts';
import { listPlatforms, machineResolver } from '../lab-model/platforms.ts';
import { validateScenario } from '../scenarios/validate.ts';
import { buildPlan } from '../scenarios/plan.ts';
import { historyFrom, preparationHistoryFrom } from '../scenarios/history.ts';
import { finishedRunDurations } from '../store/queries/run-history.ts';
import { createCampaignStore, type CampaignStore } from './campaign-store.ts';
import { storedScenario } from './adaptive/stored.ts';

export class ScenarioInvalidError extends Error {
  constructor(readonly result: ValidationResult) {
    super(`scenario is not valid:\n${result.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'ScenarioInvalidError';
  }
}

/** A scenario as the object itself (stored, or carried by the contract), validated as it is. Text is read only at the
 * file boundary (the CLI's files, import: main/scenarios/source.ts parseScenarioText), never here. */
export type ScenarioObject = object;

export interface CampaignService {
  repos: Repos;
  store: CampaignStore;
  validate(scenario: ScenarioObject): ValidationResult;
  plan(scenario: ScenarioObject, seed?: number): { scenario: Scenario; plan: Plan };
  /** Saves the scenario (a new version if changed), plans it and stores the campaign with its whole plan. */
  createCampaign(scenario: ScenarioObject, name?: string, seed?: number): { campaignId: number; plan: Plan; scenarioVersion: number };
  pause(id: number): void;
  resume(id: number): void;
  cancel(id: number): void;
}

export function createCampaignService(db: Database, repos: Repos = createRepos(db)): CampaignService {
  const store = createCampaignStore(repos);
  const validate = (source: ScenarioObject) => {
    if (typeof source !== 'object' || source === null) {
      throw new TypeError(
        `a scenario reaches the campaign service as an object, not ${source === null ? 'null' : typeof source}: text is read at the file boundary (parseScenarioText)`,
      );
    }
    return validateScenario(source, { platforms: listPlatforms(repos) });
  };
  const plan = (source: ScenarioObject, seed?: number) => {
    const v = validate(source);
    if (!v.ok || !v.scenario) throw new ScenarioInvalidError(v);
    // A point that ran before on a platform is estimated from how long it took there.
    const history = historyFrom(finishedRunDurations(db));
    // A platform prepared before is estimated from how long that took (a TCG VM boot: minutes, not the guess).
    const preparationHistory = preparationHistoryFrom(repos.platformPreparations.newest());
    return {
      scenario: v.scenario,
      plan: buildPlan(v.scenario, listPlatforms(repos), {
        machineOf: machineResolver(repos),
        history,
        preparationHistory,
        ...(seed !== undefined ? { seed } : {}),
      }),
    };
  };
  const exists = (id: number) => {
    if (!repos.campaigns.get(id)) throw new Error(`no campaign ${id}`);
  };
  return {
    repos,
    store,
    validate,
    plan,
    createCampaign(source, name, seed) {
      const { scenario, plan: p } = plan(source, seed);
      // The seed actually used is part of the saved scenario version, so the order can be reproduced from it.
      const saved = repos.scenarios.save(scenario.name, storedScenario(p.seed !== null ? { ...scenario, seed: p.seed } : scenario));
      repos.execution.ensureScenarioUuid(saved.id);
      const campaignId = store.create(saved.id, name ?? `${scenario.name} v${saved.version}`, scenario, p);
      return { campaignId, plan: p, scenarioVersion: saved.version };
    },
    pause(id) {
      exists(id);
      store.setPaused(id, true);
    },
    resume(id) {
      exists(id);
      store.setPaused(id, false);
      repos.campaignInputs.clearPauseReason(id);
      const c = repos.campaigns.get(id)!;
      if (c.state === 'interrupted') repos.campaigns.setState(id, 'running');
    },
    cancel(id) {
      exists(id);
      const c = repos.campaigns.get(id)!;
      if (c.state === 'done' || c.state === 'failed') throw new Error(`campaign ${id} has already ended (${c.state})`);
      repos.campaigns.setState(id, 'cancelled');
    },
  };
}
