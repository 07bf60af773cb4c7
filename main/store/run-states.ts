// The legal life of a run. The store refuses any other transition so that a bug cannot resurrect a finished run.
import { RUN_STATES, CAMPAIGN_STATES } from './migrations/002-campaigns.ts';

export type RunState = (typeof RUN_STATES)[number];
export type CampaignState = (typeof CAMPAIGN_STATES)[number];
export { RUN_STATES, CAMPAIGN_STATES };

const NEXT: Record<RunState, readonly RunState[]> = {
  planned: ['installing', 'running', 'failed', 'interrupted', 'cancelled'],
  installing: ['running', 'failed', 'interrupted', 'cancelled'],
  running: ['parsing', 'done', 'failed', 'interrupted', 'cancelled'],
  parsing: ['done', 'failed', 'interrupted'],
  // After an app restart an interrupted run is reattached (running/parsing), requeued (planned) or given up.
  interrupted: ['planned', 'running', 'parsing', 'failed', 'cancelled'],
  done: [],
  failed: [],
  cancelled: [],
};

export const TERMINAL_RUN_STATES: readonly RunState[] = ['done', 'failed', 'cancelled'];
/** States in which a remote process may still be alive. */
export const ACTIVE_RUN_STATES: readonly RunState[] = ['installing', 'running', 'parsing'];

export function canTransition(from: RunState, to: RunState): boolean {
  return NEXT[from].includes(to);
}
