// Progress, elapsed and remaining time of a campaign from its summary: remaining is measured, not guessed
// (mean wall time per finished plan entry so far, times what is left).
import type { CampaignSummary } from '../../../../main/contract/campaigns.ts';

type Timing = Pick<CampaignSummary, 'planned' | 'done' | 'failed' | 'startedAt' | 'endedAt' | 'state' | 'paused'>;

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
  if (elapsed === undefined || finished === 0) return undefined;
  return (elapsed / finished) * Math.max(0, c.planned - finished);
}
