// A campaign's estimate as the Runs page and the CLI read it: the plan's per-entry estimates grouped by where each
// entry stands. The remaining time itself is worked out by the client at its own clock (it changes every second).
import type { CampaignEstimate } from '../contract/campaigns.ts';
import type { EntryEstimate } from '../store/queries/campaign-estimate.ts';
import { median } from '../scenarios/history.ts';

const ENDED = new Set(['done', 'failed', 'cancelled']);

/** Undefined when no entry has an estimate (campaigns stored before estimates were). */
export function campaignEstimate(entries: readonly EntryEstimate[], planPace: number | undefined): CampaignEstimate | undefined {
  if (!entries.some((e) => e.estimateSec !== null)) return undefined;
  const est: CampaignEstimate = {
    totalSec: 0,
    finishedSec: 0,
    pendingSec: 0,
    running: [],
    planPace: planPace !== undefined && planPace > 0 ? planPace : 1,
    runPace: null,
    busySec: 0,
  };
  const paces: number[] = [];
  for (const e of entries) {
    const sec = e.estimateSec ?? 0;
    est.totalSec += sec;
    if (ENDED.has(e.state)) {
      est.finishedSec += sec;
      const took = e.startedAt !== null && e.endedAt !== null ? Math.max(0, (e.endedAt - e.startedAt) / 1000) : 0;
      est.busySec += took;
      if (e.state === 'done' && sec > 0 && took > 0) paces.push(took / sec);
    } else if (e.state === 'planned' || e.startedAt === null) est.pendingSec += sec;
    else est.running.push({ estimateSec: sec, startedAt: e.startedAt });
  }
  // The median: the few runs charged with a build they did faster or slower than planned do not set the pace.
  if (paces.length) est.runPace = median(paces);
  return est;
}
