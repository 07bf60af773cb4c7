// Every procedure of the contract, implemented. `satisfies Handlers` makes a missing one a compile error.
import type { Handlers } from '../../contract/procedures.ts';
import type { CoreContext } from '../context.ts';
import { appHandlers } from './app.ts';
import { hostsHandlers } from './hosts.ts';
import { factsHandlers } from './facts.ts';
import { settingsHandlers } from './settings.ts';
import { runsHandlers } from './runs.ts';
import { technologyCheckHandlers } from './technology-check.ts';
import { scenarioHandlers } from './scenarios.ts';
import { campaignHandlers } from './campaigns.ts';
import { resultsHandlers } from './results.ts';
import { reportsHandlers } from './reports.ts';

export function createHandlers(ctx: CoreContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...hostsHandlers(ctx),
    ...factsHandlers(ctx),
    ...settingsHandlers(ctx),
    ...runsHandlers(ctx),
    ...technologyCheckHandlers(ctx),
    ...scenarioHandlers(ctx),
    ...campaignHandlers(ctx),
    ...resultsHandlers(ctx),
    ...reportsHandlers(ctx),
  } satisfies Handlers;
}
