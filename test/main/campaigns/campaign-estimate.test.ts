// A campaign's estimate split by where its entries stand.
import { describe, expect, it } from 'vitest';
import { campaignEstimate } from '../../../main/campaigns/campaign-estimate.ts';

describe('campaign estimate', () => {
  it('splits the entries into ended, under way and not started', () => {
    const e = campaignEstimate(
      [
        { state: 'done', estimateSec: 10, startedAt: 0, endedAt: 20_000 }, // took twice its estimate
        { state: 'done', estimateSec: 60, startedAt: 20_000, endedAt: 50_000 }, // a build planned slower than it was
        { state: 'done', estimateSec: 4, startedAt: 50_000, endedAt: 60_000 },
        { state: 'failed', estimateSec: 5, startedAt: 60_000, endedAt: 61_000 },
        { state: 'cancelled', estimateSec: 1, startedAt: null, endedAt: 62_000 },
        { state: 'running', estimateSec: 20, startedAt: 65_000, endedAt: null },
        { state: 'installing', estimateSec: 30, startedAt: 66_000, endedAt: null },
        { state: 'planned', estimateSec: 7, startedAt: null, endedAt: null },
        { state: 'interrupted', estimateSec: 8, startedAt: null, endedAt: null },
        { state: 'planned', estimateSec: null, startedAt: null, endedAt: null },
      ],
      0.5,
    );
    expect(e).toEqual({
      totalSec: 145,
      finishedSec: 80,
      pendingSec: 15,
      planPace: 0.5,
      busySec: 61,
      running: [
        { estimateSec: 20, startedAt: 65_000 },
        { estimateSec: 30, startedAt: 66_000 },
      ],
      // Done runs took 2x, 0.5x and 2.5x their estimates: the median, not the 70 s planned against 60 s taken.
      runPace: 2,
    });
  });

  it('is absent for a campaign stored without estimates; no pace before a run is done', () => {
    expect(campaignEstimate([{ state: 'planned', estimateSec: null, startedAt: null, endedAt: null }], 0.5)).toBeUndefined();
    const fresh = campaignEstimate([{ state: 'planned', estimateSec: 3, startedAt: null, endedAt: null }], undefined);
    expect(fresh).toMatchObject({ planPace: 1, runPace: null, busySec: 0 });
  });
});
