// Saved scenarios, the platforms they compare, and the core's validation and plan of a draft.
import { create } from 'zustand';
import type { PlatformDefinition, PlatformInfo, Plan, ScenarioObject, ValidationResult } from '../../../main/contract/scenarios.ts';
import type { Output } from '../../../main/contract/procedures.ts';
import { api } from '../api/core-api.ts';
import { messageOf } from '../components/errors.ts';

export type StoredScenario = Output<'scenarios.list'>[number];

interface ScenariosState {
  scenarios?: StoredScenario[];
  platforms?: PlatformInfo[];
  loading: boolean;
  error?: string;
  load(): Promise<void>;
  validate(scenario: ScenarioObject): Promise<ValidationResult>;
  plan(scenario: ScenarioObject): Promise<Plan>;
  save(scenario: ScenarioObject): Promise<StoredScenario>;
  exportText(name: string, version: number, format: 'yaml' | 'json'): Promise<string>;
  definePlatform(def: PlatformDefinition): Promise<PlatformInfo>;
}

export const useScenarios = create<ScenariosState>((set, get) => ({
  loading: false,
  async load() {
    set({ loading: true, error: undefined });
    try {
      const [scenarios, platforms] = await Promise.all([api()['scenarios.list']({}), api()['platforms.list']({})]);
      set({ scenarios, platforms, loading: false });
    } catch (e) {
      set({ error: messageOf(e), loading: false });
    }
  },
  validate: (scenario) => api()['scenarios.validate']({ scenario }),
  plan: (scenario) => api()['scenarios.plan']({ scenario }),
  async save(scenario) {
    const saved = await api()['scenarios.save']({ scenario });
    await get().load();
    return saved;
  },
  async exportText(name, version, format) {
    return (await api()['scenarios.export']({ name, version, format })).text;
  },
  async definePlatform(def) {
    const p = await api()['platforms.define'](def);
    await get().load();
    return p;
  },
}));
