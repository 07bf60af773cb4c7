// Every procedure of the contract, implemented. `satisfies Handlers` makes a missing one a compile error.
import type { Handlers } from '../../contract/procedures.ts';
import type { CoreContext } from '../context.ts';
import { appHandlers } from './app.ts';
import { hostsHandlers } from './hosts.ts';
import { resultsHandlers } from './results.ts';
import { reportsHandlers } from './reports.ts';

export function createHandlers(ctx: CoreContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...hostsHandlers(ctx),
    ...resultsHandlers(ctx),
    ...reportsHandlers(ctx),
  } satisfies Handlers;
}
