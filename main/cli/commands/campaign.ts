// `virtlab campaign list|status|pause|resume|cancel`: watch and steer campaigns, also while another process runs them.
import type { CampaignSummary, RunInfo } from '../../contract/campaigns.ts';
import { takeFlag } from '../args.ts';
import { CAMPAIGN_OPTIONS_USAGE, takeCampaignOptions } from '../campaign-options.ts';
import { exitCodeOf, follow } from '../campaign-progress.ts';
import { formatAdaptivePoints } from '../adaptive-format.ts';
import type { CliCommand } from '../command.ts';

const USAGE = `virtlab campaign list [--json]
       virtlab campaign status <id|uuid> [--runs] [--json]   (--runs: every attempt, with its job and the nodes it got)
       virtlab campaign pause <id|uuid>
       virtlab campaign resume <id|uuid> [--quiet]   (with the options it was started with; one given again must match,
                                                 --npb-source FILE may name a moved tarball with the same content)
       virtlab campaign cancel <id|uuid>
  options of a campaign started before they were stored: ${CAMPAIGN_OPTIONS_USAGE}`;

const when = (t: number | null) => (t === null ? '-' : new Date(t).toISOString().replace('T', ' ').slice(0, 19));

export function campaignLine(s: CampaignSummary): string {
  const state = s.paused && s.state === 'running' ? 'paused' : s.paused ? `${s.state}, paused` : s.state;
  const owner = s.executorPid !== null ? ` [pid ${s.executorPid}]` : s.state === 'running' && !s.paused ? ' [no executor: resume it]' : '';
  return `${String(s.id).padStart(4)}  ${s.uuid}  ${state.padEnd(11)} ${String(s.done).padStart(5)}/${String(s.planned).padEnd(5)} done  ${String(s.failed).padStart(4)} failed  ${s.name}${owner}`;
}

/** One attempt: where it ran, the backend's job and the nodes the job got (a batch system's SLURM_JOB_NODELIST). */
export function runLine(r: RunInfo): string {
  const job = r.nodeList ? ` job ${r.jobId ?? '?'} on nodes ${r.nodeList}` : r.jobId ? ` job ${r.jobId}` : '';
  return `  run ${r.id} #${r.planIndex} attempt ${r.attempt} ${r.platform} ${r.benchmark} ${r.state}${r.endpoints.length ? ` on ${r.endpoints.join(',')}` : ''}${job}${r.error ? `: ${r.error}` : ''}`;
}

export const campaignCommand: CliCommand = {
  name: 'campaign',
  summary: 'List campaigns, show one, pause, resume (reattaching live runs) or cancel it.',
  usage: USAGE,
  async run(argv, io) {
    const args = [...argv];
    const json = takeFlag(args, 'json');
    const quiet = takeFlag(args, 'quiet');
    const allRuns = takeFlag(args, 'runs');
    let given;
    try {
      given = takeCampaignOptions(args);
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 2;
    }
    const [sub, ref, ...extra] = args;
    if (!sub || extra.length || !['list', 'status', 'pause', 'resume', 'cancel'].includes(sub) || (sub !== 'list' && !ref)) {
      io.err(`usage: ${USAGE}\n`);
      return 2;
    }
    // Passwords of the endpoints asked at the terminal (or env:VAR); the options given now, for a resume to check.
    const request = { terminal: { quiet: true }, campaigns: { given, via: 'cli' as const } };
    try {
      const api = await io.client(request);
      const all = await api['campaigns.list']({});
      if (sub === 'list') {
        io.out(json ? `${JSON.stringify(all, null, 2)}\n` : all.length ? `${all.map(campaignLine).join('\n')}\n` : 'no campaigns\n');
        return 0;
      }
      const id = /^\d+$/.test(ref!) ? Number(ref) : all.find((c) => c.uuid === ref)?.id;
      if (id === undefined || !all.some((c) => c.id === id)) {
        io.err(`no campaign ${ref}\n`);
        return 1;
      }
      switch (sub) {
        case 'status': {
          const { campaign: s, runs, adaptive } = await api['campaigns.status']({ id });
          if (json) {
            io.out(`${JSON.stringify({ campaign: s, runs, ...(adaptive ? { adaptive } : {}) }, null, 2)}\n`);
            return 0;
          }
          io.out(
            `${campaignLine(s)}\nscenario ${s.scenario} v${s.scenarioVersion}${s.seed !== null ? `, seed ${s.seed}` : ''}; started ${when(s.startedAt)}, ended ${when(s.endedAt)}\n`,
          );
          if (s.pauseReason) io.out(`paused because: ${s.pauseReason}\n`);
          io.out(
            `attempts by state: ${Object.entries(s.attempts)
              .filter(([, n]) => n > 0)
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')}\n`,
          );
          if (adaptive) io.out(`${formatAdaptivePoints(adaptive)}\n`);
          // --runs: every attempt, done ones too (with the job and the nodes it got).
          for (const r of runs.filter((x) => allRuns || (x.state !== 'done' && x.state !== 'planned'))) io.out(`${runLine(r)}\n`);
          return 0;
        }
        case 'pause':
          await api['campaigns.pause']({ id });
          io.out(`campaign ${id}: paused (runs under way finish, no new run starts)\n`);
          return 0;
        case 'resume':
        case 'cancel': {
          // A resume is checked in the core before anything changes: a refused one leaves every pending run pending.
          let after: CampaignSummary | undefined;
          const act = async () => (after = await api[sub === 'resume' ? 'campaigns.resume' : 'campaigns.cancel']({ id }));
          const outcome = await follow(await io.core(request), () => id, act, io.out, quiet);
          const owner = after?.executorPid ?? null;
          if (owner !== null && owner !== process.pid) {
            io.out(sub === 'resume' ? `campaign ${id}: resumed in process ${owner}\n` : `campaign ${id}: cancel requested; process ${owner} stops its runs\n`);
            return 0;
          }
          if (sub === 'cancel') {
            io.out(`campaign ${id}: cancelled\n`);
            return 0;
          }
          // Stopped: the core is closing (its database with it); the state was said as it stopped.
          if (outcome === 'stopped') return exitCodeOf(outcome);
          const { campaign: s } = await api['campaigns.status']({ id });
          io.out(`campaign ${id} ${outcome ?? s.state}: ${s.done}/${s.planned} done, ${s.failed} failed\n`);
          return exitCodeOf(outcome);
        }
      }
      return 2;
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 1;
    }
  },
};
