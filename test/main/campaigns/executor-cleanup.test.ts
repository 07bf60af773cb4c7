// What a finished run left on its endpoints (job folder, a server) is removed after its outcome is recorded, in the
// background, so its round trips do not delay the run's result: the run is done (metrics stored) while its removal is
// still under way, the removal is recorded as due (run_cleanups) from the moment the output is stored until it is
// done, the campaign ends only once every removal is done, a removal that fails is tried again, and one a process
// left due when it died is made by the process that resumes the campaign. The driver stands in for the endpoints.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { CampaignExecutor } from '../../../main/campaigns/executor.ts';
import type { RunDriver, RunTarget } from '../../../main/campaigns/driver.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const scenario = (repetitions: number) => `
name: cleanups
platforms: [native]
baseline: native
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
repetitions: ${repetitions}
`;

let db: Database;
let repos: Repos;
beforeEach(() => {
  db = openDatabase({ path: ':memory:' });
  repos = createRepos(db);
  const hostId = repos.hosts.save({ name: 'node1', address: '10.0.0.1', port: 22, user: 'bench', auth: { kind: 'agent' }, jump: [], tags: [] });
  const platformId = repos.platforms.create({ name: 'native', technology: 'native', product: 'bare metal', isBaseline: true });
  repos.platforms.addEndpoint({ platformId, hostId });
});
afterEach(() => db.close());

const metric = { name: 'write', point: '1024', value: 1, unit: 'kB/s', better: 'higher' as const };

/** Jobs end at once with one metric; each cleanup waits until `release()` lets it go (or fails while `failing`). */
function slowCleanupDriver() {
  const seen: { id: string; state: string | undefined; due: number[] }[] = [];
  const waiting: (() => void)[] = [];
  const control = { failing: 0 };
  const driver: RunDriver = {
    start: async () => undefined,
    status: async () => 'exited',
    collect: async () => ({ stdout: 'out', stderr: '', exitCode: 0 }),
    stop: async () => undefined,
    parse: () => ({ ok: true, metrics: [metric] }),
    cleanup: async (t: RunTarget) => {
      // How the run stood when its removal began: its outcome recorded, its removal due.
      seen.push({ id: t.remoteRunId, state: repos.runs.get(t.run.id)?.state, due: repos.runCleanups.dueIn(t.run.campaignId) });
      if (control.failing > 0) {
        control.failing--;
        throw new Error('node1: rm: cannot remove (busy)');
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
  };
  const releaseAll = () => waiting.splice(0).forEach((r) => r());
  return { driver, seen, releaseAll, control };
}

describe('removing what a finished run left', () => {
  it('happens after its outcome is recorded; the campaign ends only once every removal is done', async () => {
    const { driver, seen, releaseAll } = slowCleanupDriver();
    const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(scenario(2)));
    let ended = false;
    const running = new CampaignExecutor({ db, repos, driver, pollMs: 5 }, campaignId).run().finally(() => (ended = true));
    // Both runs are done (and the second started) while the first run's removal still waits.
    while (repos.runs.listByCampaign(campaignId).filter((r) => r.state === 'done').length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(ended).toBe(false);
    const runs = repos.runs.listByCampaign(campaignId);
    expect(seen.map((s) => s.state)).toEqual(['done', 'done']);
    expect(seen[0]!.due).toEqual([runs[0]!.id]);
    expect(repos.runCleanups.dueIn(campaignId)).toEqual(runs.map((r) => r.id));
    expect(repos.metrics.listByRun(runs[0]!.id).map((m) => m.value)).toEqual([1]);
    releaseAll();
    expect(await running).toBe('done');
    expect(repos.runCleanups.dueIn(campaignId)).toEqual([]);
  });

  it('is tried again when it fails, and no longer due once it succeeds', async () => {
    const { driver, seen, releaseAll, control } = slowCleanupDriver();
    control.failing = 1;
    const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(scenario(1)));
    const poll = setInterval(releaseAll, 5);
    const outcome = await new CampaignExecutor({ db, repos, driver, pollMs: 5 }, campaignId).run().finally(() => clearInterval(poll));
    const run = repos.runs.listByCampaign(campaignId)[0]!;
    expect(outcome).toBe('done');
    expect(seen.map((s) => s.id)).toEqual([run.remoteRunId, run.remoteRunId]);
    expect(repos.runCleanups.dueIn(campaignId)).toEqual([]);
  });

  it('left due by a process that died is made by the one that resumes the campaign', async () => {
    const { driver, releaseAll } = slowCleanupDriver();
    const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(scenario(2)));
    // The first process stops (as a killed one would) once its first run is done and its removal under way, while the
    // second run's job still goes on.
    const stop = new AbortController();
    const first: RunDriver = { ...driver, status: async (t) => (t.run.repetition === 1 && !stop.signal.aborted ? 'running' : 'exited') };
    const running = new CampaignExecutor({ db, repos, driver: first, pollMs: 5 }, campaignId).run(stop.signal);
    while (!repos.runs.listByCampaign(campaignId).some((r) => r.state === 'done')) await new Promise((r) => setTimeout(r, 2));
    const done = repos.runs.listByCampaign(campaignId).find((r) => r.state === 'done')!;
    expect(repos.runCleanups.dueIn(campaignId)).toEqual([done.id]);
    stop.abort();
    setTimeout(releaseAll, 20);
    expect(await running).toBe('stopped');
    // Killed instead, its removal would not have finished: the row would still be there.
    repos.runCleanups.due(done.id);
    const stopped: string[] = [];
    const cleaned: string[] = [];
    const second: RunDriver = {
      ...driver,
      stop: async (t) => {
        stopped.push(t.remoteRunId);
      },
      cleanup: async (t) => {
        cleaned.push(t.remoteRunId);
      },
    };
    expect(await new CampaignExecutor({ db, repos, driver: second, pollMs: 5 }, campaignId).run()).toBe('done');
    expect(stopped).toContain(done.remoteRunId);
    expect(cleaned).toContain(done.remoteRunId);
    expect(repos.runCleanups.dueIn(campaignId)).toEqual([]);
    expect(repos.runs.listByCampaign(campaignId).map((r) => r.state)).toEqual(['done', 'done']);
  });
});
