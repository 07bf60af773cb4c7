// A campaign executing in this process's core, watched from the terminal: its events as progress lines, until it
// ends, pauses or is stopped (Ctrl-C: runs under way keep going remotely; `virtlab campaign resume` reattaches them).
import type { CampaignEventName, CampaignEventPayload, CampaignSummary } from '../contract/campaigns.ts';
import type { Core } from '../core/core.ts';

export type Outcome = 'done' | 'failed' | 'cancelled' | 'paused' | 'stopped';

function line(name: CampaignEventName, payload: unknown, quiet: boolean): string | undefined {
  if (name === 'campaigns.runState') {
    const p = payload as CampaignEventPayload<'campaigns.runState'>;
    if (quiet && !['done', 'failed', 'interrupted', 'cancelled'].includes(p.to)) return undefined;
    return `run ${p.runId} #${p.planIndex}${p.attempt > 1 ? ` attempt ${p.attempt}` : ''} ${p.platform} ${p.benchmark}: ${p.from ?? '-'} -> ${p.to}${p.detail ? ` (${p.detail})` : ''}\n`;
  }
  if (name === 'campaigns.state') {
    const p = payload as CampaignEventPayload<'campaigns.state'>;
    return `campaign ${p.campaignId}: ${p.paused ? 'paused' : p.state}${p.message ? ` - ${p.message}` : ''}\n`;
  }
  if (name === 'campaigns.log' && !quiet) {
    const p = payload as CampaignEventPayload<'campaigns.log'>;
    if (p.stream === 'executor') return `run ${p.runId}: ${p.line}\n`;
  }
  return undefined;
}

/** Follows campaign `id` from before `act` (a procedure call that may execute it here) until it settles. Returns
 * undefined when it does not execute in this process (another one owns it, or there was nothing to run). */
export async function follow(
  core: Core,
  id: () => number | undefined,
  act: () => Promise<CampaignSummary>,
  out: (t: string) => void,
  quiet: boolean,
): Promise<Outcome | undefined> {
  let outcome: Outcome | undefined;
  let resolveSettled: (o: Outcome) => void = () => undefined;
  const settled = new Promise<Outcome>((resolve) => (resolveSettled = resolve));
  const settle = (o: Outcome) => {
    outcome ??= o;
    resolveSettled(o);
  };
  const unsubscribe = core.bus.subscribe((m) => {
    const p = m.payload as { campaignId?: number };
    // Before `act` returns a new campaign's id, its first events belong to the one campaign this command started.
    if (!m.name.startsWith('campaigns.') || p.campaignId === undefined || (id() !== undefined && p.campaignId !== id())) return;
    const text = line(m.name as CampaignEventName, m.payload, quiet);
    if (text) out(text);
    if (m.name !== 'campaigns.state') return;
    const s = m.payload as CampaignEventPayload<'campaigns.state'>;
    if (s.state === 'running' && s.paused && s.message === 'paused') settle('paused');
    else if (s.state === 'interrupted') settle('stopped');
    else if (s.state === 'done' || s.state === 'failed' || s.state === 'cancelled') settle(s.state);
  });
  const onSignal = () => {
    out('stopping: runs under way keep going remotely and are reattached on resume\n');
    void core.close();
  };
  try {
    const summary = await act();
    if (summary.executorPid !== process.pid) return outcome;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return await settled;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    unsubscribe();
  }
}

export const exitCodeOf = (o: Outcome | undefined): number => (o === 'done' || o === undefined ? 0 : o === 'stopped' ? 130 : 1);
