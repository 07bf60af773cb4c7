// `virtlab campaign list|status|pause|resume|cancel`: watch and steer campaigns, also while another process runs them.
import { databaseFile } from '../../config/data-dir.ts';
import { openDatabase } from '../../store/open-database.ts';
import { createCampaignService } from '../../campaigns/service.ts';
import { runInForeground } from '../../campaigns/foreground.ts';
import type { CampaignSummary } from '../../contract/campaigns.ts';
import { prepareResume } from '../../campaigns/launch.ts';
import { storedInputs, type StartInputs } from '../../campaigns/start-inputs.ts';
import { executionSettings } from '../../campaigns/driver-request.ts';
import { takeFlag } from '../args.ts';
import { CAMPAIGN_OPTIONS_USAGE, cliSecrets, takeCampaignOptions } from '../campaign-options.ts';
import type { CliCommand } from '../command.ts';

const USAGE = `virtlab campaign list [--json]
       virtlab campaign status <id|uuid> [--json]
       virtlab campaign pause <id|uuid>
       virtlab campaign resume <id|uuid> [--quiet]   (with the options it was started with; one given again must match,
                                                 --npb-source FILE may name a moved tarball with the same content)
       virtlab campaign cancel <id|uuid>
  options of a campaign started before they were stored: ${CAMPAIGN_OPTIONS_USAGE}`;

const when = (t: number | null) => (t === null ? '-' : new Date(t).toISOString().replace('T', ' ').slice(0, 19));

function line(s: CampaignSummary): string {
  const state = s.paused && s.state === 'running' ? 'paused' : s.paused ? `${s.state}, paused` : s.state;
  const owner = s.executorPid !== null ? ` [pid ${s.executorPid}]` : s.state === 'running' && !s.paused ? ' [no executor: resume it]' : '';
  return `${String(s.id).padStart(4)}  ${s.uuid}  ${state.padEnd(11)} ${String(s.done).padStart(5)}/${String(s.planned).padEnd(5)} done  ${String(s.failed).padStart(4)} failed  ${s.name}${owner}`;
}

export const campaignCommand: CliCommand = {
  name: 'campaign',
  summary: 'List campaigns, show one, pause, resume (reattaching live runs) or cancel it.',
  usage: USAGE,
  async run(argv, io) {
    const args = [...argv];
    const json = takeFlag(args, 'json');
    const quiet = takeFlag(args, 'quiet');
    let given;
    try { given = takeCampaignOptions(args); } catch (e) { io.err(`${(e as Error).message}\n`); return 2; }
    const [sub, ref, ...extra] = args;
    if (!sub || extra.length || !['list', 'status', 'pause', 'resume', 'cancel'].includes(sub) || (sub !== 'list' && !ref)) { io.err(`usage: ${USAGE}\n`); return 2; }
    const db = openDatabase({ path: databaseFile(io.dataDir) });
    try {
      const service = createCampaignService(db);
      if (sub === 'list') {
        const all = service.repos.campaigns.list().map((c) => service.store.summary(c.id));
        io.out(json ? `${JSON.stringify(all, null, 2)}\n` : all.length ? `${all.map(line).join('\n')}\n` : 'no campaigns\n');
        return 0;
      }
      const id = /^\d+$/.test(ref!) ? Number(ref) : service.store.byUuid(ref!);
      if (id === undefined || !service.repos.campaigns.get(id)) { io.err(`no campaign ${ref}\n`); return 1; }
      const secrets = cliSecrets(io);
      // With the inputs it was started with or, for a campaign from before they were stored, the options given now.
      const fg = (inputs: StartInputs | undefined) => {
        const run = executionSettings(inputs, given, { repos: service.repos, dataDir: io.dataDir, env: io.env, secrets });
        return runInForeground(db, service.repos, id, { request: run.request, out: io.out, quiet, ...(run.pollMs ? { pollMs: run.pollMs } : {}) });
      };
      switch (sub) {
        case 'status': {
          const s = service.store.summary(id);
          const runs = service.store.runInfos(id);
          if (json) { io.out(`${JSON.stringify({ campaign: s, runs }, null, 2)}\n`); return 0; }
          io.out(`${line(s)}\nscenario ${s.scenario} v${s.scenarioVersion}${s.seed !== null ? `, seed ${s.seed}` : ''}; started ${when(s.startedAt)}, ended ${when(s.endedAt)}\n`);
          if (s.pauseReason) io.out(`paused because: ${s.pauseReason}\n`);
          io.out(`attempts by state: ${Object.entries(s.attempts).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
          for (const r of runs.filter((x) => x.state !== 'done' && x.state !== 'planned')) {
            io.out(`  run ${r.id} #${r.planIndex} attempt ${r.attempt} ${r.platform} ${r.benchmark} ${r.state}${r.endpoints.length ? ` on ${r.endpoints.join(',')}` : ''}${r.error ? `: ${r.error}` : ''}\n`);
          }
          return 0;
        }
        case 'pause':
          service.pause(id);
          io.out(`campaign ${id}: paused (runs under way finish, no new run starts)\n`);
          return 0;
        case 'resume': {
          // Checked before anything changes: a refused resume leaves every pending run pending, and says why.
          const inputs = await prepareResume(service, id, given, { dataDir: io.dataDir, secrets, via: 'cli' });
          service.resume(id);
          const owner = service.store.liveOwner(id);
          if (owner !== null) { io.out(`campaign ${id}: resumed in process ${owner}\n`); return 0; }
          const outcome = await fg(inputs);
          const s = service.store.summary(id);
          io.out(`campaign ${id} ${outcome}: ${s.done}/${s.planned} done, ${s.failed} failed\n`);
          return outcome === 'done' ? 0 : outcome === 'stopped' ? 130 : 1;
        }
        case 'cancel': {
          service.cancel(id);
          const owner = service.store.liveOwner(id);
          if (owner !== null) { io.out(`campaign ${id}: cancel requested; process ${owner} stops its runs\n`); return 0; }
          const underway = service.store.runInfos(id).some((r) => ['installing', 'running', 'parsing'].includes(r.state));
          if (underway) await fg(storedInputs(service.repos, id));
          else for (const r of service.store.queued(id)) service.repos.runs.transition(r.id, 'cancelled', { detail: 'campaign cancelled', error: 'campaign cancelled' });
          io.out(`campaign ${id}: cancelled\n`);
          return 0;
        }
      }
      return 2;
    } catch (e) {
      io.err(`${(e as Error).message}\n`);
      return 1;
    } finally {
      db.close();
    }
  },
};
