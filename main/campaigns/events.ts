// Where the executor sends its events: the core's EventBus once campaignsEvents is spread into the contract,
// or any sink with the same shape (CLI progress printer, tests).
import type { CampaignEventName, CampaignEventPayload } from '../contract/campaigns.ts';

export interface CampaignEmitter {
  emit<N extends CampaignEventName>(name: N, payload: CampaignEventPayload<N>): void;
}

export const silentEmitter: CampaignEmitter = { emit: () => {} };
