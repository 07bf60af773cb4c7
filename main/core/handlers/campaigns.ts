// Handlers of main/contract/campaigns.ts: campaigns executed inside the core, their status and steering, and results
// exchange. Typed against the domain's own map until the integrator spreads it into procedures.ts.
import type { InputOf, OutputOf } from '../../contract/procedure.ts';
import { ContractError } from '../../contract/errors.ts';
import type { campaignsProcedures } from '../../contract/campaigns.ts';
import { createCampaignService } from '../../campaigns/service.ts';
import { CampaignExecutor } from '../../campaigns/executor.ts';
import type { CampaignEmitter } from '../../campaigns/events.ts';
import { compareCampaign } from '../../campaigns/compare.ts';
import { adaptiveStatus } from '../../campaigns/adaptive/rounds.ts';
import { exportBundle } from '../../store/bundle/export.ts';
import { importBundle } from '../../campaigns/bundle/import.ts';
import { BundleError } from '../../store/bundle/format.ts';
import { writeMetrics } from '../../campaigns/bundle/metrics-export.ts';
import { executionSettings } from '../../campaigns/driver-request.ts';
import { InputProblem } from '../../campaigns/input-problem.ts';
import { prepareResume, startCampaign } from '../../campaigns/launch.ts';
import { storedInputs, type StartInputs } from '../../campaigns/start-inputs.ts';
import type { CoreContext } from '../context.ts';
import { openRunDriver } from '../run-drivers.ts';
import { createPlatformLifecycle } from '../../campaigns/platform-lifecycle.ts';
import { platformPreflight } from '../../campaigns/start-check.ts';

type Map = typeof campaignsProcedures;
export type CampaignHandlers = { [N in keyof Map]: (input: InputOf<Map[N]>) => Promise<OutputOf<Map[N]>> };

export function campaignHandlers(ctx: CoreContext): CampaignHandlers {
  const { given, via } = ctx.campaigns;
  const service = createCampaignService(ctx.db);
  const { repos, store } = service;
  // The bus is typed by the contract's event map; campaignsEvents joins it when spread in. Until then, forward by name.
  const emitter: CampaignEmitter = { emit: (name, payload) => (ctx.bus.emit as (n: string, p: unknown) => void)(name, payload) };
  const running = new Map<number, Promise<unknown>>();

  const execute = (id: number, inputs: StartInputs | undefined) => {
    if (running.has(id) || store.liveOwner(id) !== null || ctx.closing.aborted) return;
    const settings = executionSettings(inputs, given, { repos, dataDir: ctx.dataDir, env: process.env, secrets: ctx.ssh.secrets });
    const handle = openRunDriver({ ...settings.request, campaignId: id });
    // Stops gracefully when the core closes (remote runs keep going and are reattached on resume).
    const platforms = createPlatformLifecycle({ repos, campaignId: id, ...(handle.hostRunner ? { runner: handle.hostRunner } : {}) });
    const p = new CampaignExecutor(
      { db: ctx.db, repos, driver: handle.driver, platforms, emitter, ...(settings.pollMs ? { pollMs: settings.pollMs } : {}) },
      id,
    )
      .run(ctx.closing)
      .catch((e: unknown) => emitter.emit('campaigns.state', { campaignId: id, state: 'interrupted', paused: store.paused(id), message: (e as Error).message }))
      .finally(async () => {
        running.delete(id);
        await handle.close();
      });
    running.set(id, p);
    ctx.track(p);
  };
  const known = (id: number) => {
    if (!repos.campaigns.get(id)) throw new ContractError('not-found', `no campaign ${id}`);
    return id;
  };

  return {
    'campaigns.list': async () => repos.campaigns.list().map((c) => store.summary(c.id)),
    'campaigns.status': async ({ id }) => {
      const campaign = store.summary(known(id));
      const adaptive = adaptiveStatus(ctx.db, id);
      return { campaign, runs: store.runInfos(id), ...(adaptive ? { adaptive } : {}) };
    },
    'campaigns.start': async ({ scenario, version, name, seed, npbSource, selfContained }) => {
      const s = version === undefined ? repos.scenarios.latest(scenario) : repos.scenarios.getVersion(scenario, version);
      if (!s) throw new ContractError('not-found', `no scenario ${scenario}`);
      const options = { driver: 'benchmark', ...given, ...(npbSource ? { npbSource } : {}), ...(selfContained ? { selfContained } : {}) };
      // Every platform checked on its hosts before anything is stored: a bad input is refused here, no run starts.
      const preflight = platformPreflight(repos, (inputs) => {
        const handle = openRunDriver(executionSettings(inputs, given, { repos, dataDir: ctx.dataDir, env: process.env, secrets: ctx.ssh.secrets }).request);
        return { ...(handle.hostRunner ? { runner: handle.hostRunner } : {}), close: () => handle.close() };
      });
      const created = await startCampaign(
        service,
        s.definition as object,
        { ...(name ? { name } : {}), ...(seed !== undefined ? { seed } : {}) },
        options,
        { dataDir: ctx.dataDir, env: process.env },
        preflight,
      ).catch((e: unknown) => {
        throw e instanceof InputProblem ? new ContractError('invalid-input', e.message) : e;
      });
      execute(created.campaignId, created.inputs);
      return store.summary(created.campaignId);
    },
    'campaigns.pause': async ({ id }) => {
      service.pause(known(id));
      return store.summary(id);
    },
    'campaigns.resume': async ({ id }) => {
      // Checked first: an input gone pauses the campaign with the reason (shown on the Runs page) and starts no run.
      const inputs = await prepareResume(service, known(id), given, { dataDir: ctx.dataDir, secrets: ctx.ssh.secrets, via }).catch((e: unknown) => {
        throw e instanceof InputProblem ? new ContractError('conflict', e.message) : e;
      });
      service.resume(id);
      execute(id, inputs);
      return store.summary(id);
    },
    'campaigns.cancel': async ({ id }) => {
      try {
        service.cancel(known(id));
      } catch (e) {
        if (e instanceof ContractError) throw e;
        throw new ContractError('conflict', (e as Error).message);
      }
      execute(id, storedInputs(repos, id));
      return store.summary(id);
    },
    'results.compare': async ({ campaignId, benchmark, metric }) =>
      compareCampaign(ctx.db, known(campaignId), { ...(benchmark ? { benchmark } : {}), ...(metric ? { metric } : {}) }),
    'results.export': async ({ path, campaignUuids, format }) => {
      if (format === undefined || format === 'bundle') return exportBundle(ctx.db, path, campaignUuids);
      const n = writeMetrics(ctx.db, path, format, campaignUuids);
      return { path, campaigns: campaignUuids?.length ?? repos.campaigns.list().length, runs: 0, metrics: n, rawLogs: 0 };
    },
    'results.import': async ({ path }) => {
      try {
        return importBundle(ctx.db, path);
      } catch (e) {
        if (e instanceof BundleError) throw new ContractError('invalid-input', e.message);
        throw e;
      }
    },
  };
}
