// Running a campaign in the foreground of a CLI process: a driver, progress lines, and a graceful stop on
// SIGINT/SIGTERM (remote runs keep going; `virtlab campaign resume` reattaches them).
import type { Database } from 'better-sqlite3';
import type { Repos } from '../store/repos/index.ts';
import type { CampaignEventName, CampaignEventPayload } from '../contract/campaigns.ts';
import { openDriver, type DriverRequest } from './drivers/registry.ts';
import { CampaignExecutor, type ExecutorOutcome } from './executor.ts';
import type { CampaignEmitter } from './events.ts';

export interface ForegroundOptions {
  /** The driver the campaign executes with (main/campaigns/driver-request.ts). */
  request: DriverRequest;
  pollMs?: number;
  quiet?: boolean;
  out(text: string): void;
}

function printer(out: (t: string) => void, quiet: boolean): CampaignEmitter {
  return {
    emit<N extends CampaignEventName>(name: N, payload: CampaignEventPayload<N>) {
      if (name === 'campaigns.runState') {
        const p = payload as CampaignEventPayload<'campaigns.runState'>;
        if (!quiet || ['done', 'failed', 'interrupted', 'cancelled'].includes(p.to)) {
          out(`run ${p.runId} #${p.planIndex}${p.attempt > 1 ? ` attempt ${p.attempt}` : ''} ${p.platform} ${p.benchmark}: ${p.from ?? '-'} -> ${p.to}${p.detail ? ` (${p.detail})` : ''}\n`);
        }
      } else if (name === 'campaigns.state') {
        const p = payload as CampaignEventPayload<'campaigns.state'>;
        out(`campaign ${p.campaignId}: ${p.paused ? 'paused' : p.state}${p.message ? ` - ${p.message}` : ''}\n`);
      } else if (name === 'campaigns.log' && !quiet) {
        const p = payload as CampaignEventPayload<'campaigns.log'>;
        if (p.stream === 'executor') out(`run ${p.runId}: ${p.line}\n`);
      }
    },
  };
}

export async function runInForeground(db: Database, repos: Repos, campaignId: number, o: ForegroundOptions): Promise<ExecutorOutcome> {
  const handle = openDriver(o.request);
  const stop = new AbortController();
  const onSignal = () => { o.out('stopping: runs under way keep going remotely and are reattached on resume\n'); stop.abort(); };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const executor = new CampaignExecutor({ db, repos, driver: handle.driver, emitter: printer(o.out, o.quiet ?? false), ...(o.pollMs ? { pollMs: o.pollMs } : {}) }, campaignId);
    return await executor.run(stop.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await handle.close();
  }
}
