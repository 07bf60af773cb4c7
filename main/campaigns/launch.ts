// Starting a campaign with its inputs stored, and the check before resuming it: the same for the CLI, the UI's
// start and Resume, and a resume after a crash.
import type { PlanEntry } from '../contract/scenarios.ts';
import type { SecretReader } from '../ssh/ports.ts';
import { InputProblem } from './input-problem.ts';
import { inputsForResume, missingInput, type ResumeVia } from './resume-inputs.ts';
import type { CampaignService, ScenarioObject } from './service.ts';
import { prepareStartInputs, storedInputs, type StartContext, type StartInputs, type StartOptions } from './start-inputs.ts';

/** What must hold on the hosts before a campaign is stored (its platforms' checks); throws InputProblem otherwise. */
export type StartPreflight = (entries: readonly PlanEntry[], inputs: StartInputs) => Promise<void>;

/** Plans the scenario, refuses missing inputs (and whatever `preflight` finds) before anything is stored, then stores
 * the campaign with its inputs. */
export async function startCampaign(
  service: CampaignService,
  scenario: ScenarioObject,
  o: { name?: string; seed?: number },
  options: StartOptions,
  ctx: Omit<StartContext, 'repos'>,
  preflight?: StartPreflight,
) {
  const { plan } = service.plan(scenario, o.seed);
  const inputs = await prepareStartInputs(options, plan.entries, { ...ctx, repos: service.repos });
  await preflight?.(plan.entries, inputs);
  const created = service.createCampaign(scenario, o.name, o.seed);
  service.repos.campaignInputs.put(created.campaignId, inputs);
  return { ...created, inputs };
}

/**
 * The inputs a resume runs with (undefined for a campaign from before inputs were stored). Options given again must
 * match; a stored input that has gone pauses the campaign with the reason and throws it, before any run starts.
 */
export async function prepareResume(
  service: CampaignService,
  id: number,
  given: StartOptions,
  ctx: { dataDir: string; secrets?: SecretReader; via: ResumeVia },
): Promise<StartInputs | undefined> {
  const stored = storedInputs(service.repos, id);
  if (!stored) return undefined;
  const { inputs, changed } = await inputsForResume(id, stored, given, ctx.dataDir);
  const problem = await missingInput(id, inputs, ctx.secrets, ctx.via);
  if (problem) {
    service.repos.campaignInputs.pauseWith(id, problem);
    throw new InputProblem(problem);
  }
  if (changed) service.repos.campaignInputs.put(id, inputs);
  return inputs;
}
