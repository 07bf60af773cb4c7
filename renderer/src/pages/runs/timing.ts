// Progress, elapsed and remaining time of a campaign from its summary. Remaining: the plan's estimate of what is left
// (runs not started, and the rest of those under way), scaled once a run has ended by what was measured: how much
// longer than planned runs take (median) and how the campaign's wall time relates to its runs' time; before that at
// the plan's own pace. Campaigns without estimates: the mean time per finished plan entry times what is left.
import type { CampaignSummary } from '../../../../main/contract/campaigns.ts';

type Timing = Pick<CampaignSummary, 'planned' | 'done' | 'failed' | 'startedAt' | 'endedAt' | 'state' | 'paused'> & Partial<Pick<CampaignSummary, 'estimate'>>;

export function progressPercent(c: Pick<CampaignSummary, 'planned' | 'done' | 'failed'>): number {
  if (c.planned <= 0) return 0;
  return Math.min(100, ((c.done + c.failed) / c.planned) * 100);
}

export function elapsedSec(c: Timing, now: number): number | undefined {
  if (c.startedAt === null) return undefined;
  return Math.max(0, ((c.endedAt ?? now) - c.startedAt) / 1000);
}

export const isActive = (c: Pick<CampaignSummary, 'state'>): boolean => c.state === 'running' || c.state === 'planned';

/** Seconds left, or undefined when it cannot be said yet (nothing finished) or does not apply (ended, paused). */
export function remainingSec(c: Timing, now: number): number | undefined {
  if (!isActive(c) || c.paused) return undefined;
  const finished = c.done + c.failed;
  const elapsed = elapsedSec(c, now);
  const e = c.estimate;
  if (e) {
    // Runs take runPace times their estimate (the median so far); the campaign's wall time is `spread` times the
    // time its runs were under way (gaps between runs push it up, runs side by side bring it down).
    const runPace = e.runPace ?? 1;
    let runningLeft = 0;
    let busy = e.busySec;
    for (const r of e.running) {
      const t = Math.max(0, (now - r.startedAt) / 1000);
      runningLeft += Math.max(0, r.estimateSec * runPace - t);
      busy += t;
    }
    const spread = finished > 0 && busy > 0 && elapsed !== undefined && elapsed > 0 ? elapsed / busy : e.planPace;
    return (e.pendingSec * runPace + runningLeft) * spread;
  }
  if (elapsed === undefined || finished === 0) return undefined;
  return (elapsed / finished) * Math.max(0, c.planned - finished);
}

/** The plan's estimate of the whole campaign's wall time, if it has one. */
export function plannedSec(c: Partial<Pick<CampaignSummary, 'estimate'>>): number | undefined {
  return c.estimate ? c.estimate.totalSec * c.estimate.planPace : undefined;
}
