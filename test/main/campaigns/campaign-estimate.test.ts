// A campaign's estimate split by where its entries stand.
import { describe, expect, it } from 'vitest';
import { campaignEstimate } from '../../../main/campaigns/campaign-estimate.ts';

describe('campaign estimate', () => {
  it('splits the entries into ended, under way and not started', () => {
    const e = campaignEstimate([
      { state: 'done', estimateSec: 10, startedAt: 1 },
      { state: 'failed', estimateSec: 5, startedAt: 2 },
      { state: 'cancelled', estimateSec: 1, startedAt: null },
      { state: 'running', estimateSec: 20, startedAt: 5_000 },
      { state: 'installing', estimateSec: 30, startedAt: 6_000 },
      { state: 'planned', estimateSec: 7, startedAt: null },
      { state: 'interrupted', estimateSec: 8, startedAt: null },
      { state: 'planned', estimateSec: null, startedAt: null },
    ], 0.5);
    expect(e).toEqual({
      totalSec: 81, finishedSec: 16, pendingSec: 15, planPace: 0.5,
      running: [{ estimateSec: 20, startedAt: 5_000 }, { estimateSec: 30, startedAt: 6_000 }],
    });
  });

  it('is absent for a campaign stored without estimates, and paces at 1 without a plan pace', () => {
    expect(campaignEstimate([{ state: 'planned', estimateSec: null, startedAt: null }], 0.5)).toBeUndefined();
    expect(campaignEstimate([{ state: 'planned', estimateSec: 3, startedAt: null }], undefined)?.planPace).toBe(1);
  });
});
