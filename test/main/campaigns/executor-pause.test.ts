// Install failures no run could survive pause the campaign with the reason instead of failing run after run: a
// benchmark that does not build pauses it after the first failure; one refused on some endpoints routes its runs to
// the others, and pauses only when no endpoint is left. Attempts set aside this way are never charged (retries 0 here).
// The driver stands in for endpoints that refuse or fail the install; the executor, its store and SQLite are real.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { CampaignExecutor, SET_ASIDE } from '../../../main/campaigns/executor.ts';
import type { RunDriver, RunTarget } from '../../../main/campaigns/driver.ts';
import { RunnerError } from '../../../main/runner/errors.ts';
import type { Repos } from '../../../main/store/repos/index.ts';
import { nativeStore } from './support/native-store.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const SCENARIO = `
name: blocked
platforms: [native]
baseline: native
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
repetitions: 3
maxParallel: 1
failure: { retries: 0 }
`;

/** Installs with `install`; a run that gets past it exits at once with one metric. */
const driver = (install: (t: RunTarget) => void): RunDriver => ({
  install: async (t) => install(t),
  start: async () => undefined,
  status: async () => 'exited',
  collect: async () => ({ stdout: 'x=1', stderr: '', exitCode: 0 }),
  stop: async () => undefined,
  parse: () => ({ ok: true, metrics: [{ name: 'x', point: '', value: 1, unit: '', better: 'higher' }] }),
});

let db: Database;
let repos: Repos;
beforeEach(() => {
  ({ db, repos } = nativeStore(['node1', 'node2']));
});
afterEach(() => db.close());

async function run(d: RunDriver) {
  const service = createCampaignService(db, repos);
  const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
  const outcome = await new CampaignExecutor({ db, repos, driver: d, pollMs: 5 }, campaignId).run();
  const attempts = repos.runs.listByCampaign(campaignId);
  return { outcome, attempts, summary: service.store.summary(campaignId), endpoints: (id: number) => service.store.runEndpoints(id) };
}

describe('install failures no run could survive', () => {
  it('a build failure pauses the campaign after the first one, nothing charged', async () => {
    const r = await run(
      driver((t) => {
        throw new RunnerError('build', `building on ${t.endpoints[0]!.name} failed: ep.f:2:7: Error: Unclassifiable statement`);
      }),
    );
    expect(r.outcome).toBe('paused');
    expect(r.attempts.map((a) => a.state)).toEqual(['interrupted', 'planned', 'planned', 'planned']);
    expect(r.attempts[0]!.error).toBe(
      `${SET_ASIDE}iozone cannot be built on platform native: building on node1 failed: ep.f:2:7: Error: Unclassifiable statement`,
    );
    expect(r.summary).toMatchObject({
      paused: true,
      failed: 0,
      done: 0,
      pauseReason: 'iozone cannot be built on platform native: building on node1 failed: ep.f:2:7: Error: Unclassifiable statement',
    });
  });

  it('refused on one endpoint: its runs go to the other one, nothing charged', async () => {
    const r = await run(
      driver((t) => {
        if (t.endpoints[0]!.name === 'node1') throw new RunnerError('refused', 'iozone is not installed on node1');
      }),
    );
    expect(r.outcome).toBe('done');
    expect(r.summary).toMatchObject({ done: 3, failed: 0, paused: false });
    expect(r.attempts.filter((a) => a.state === 'interrupted').map((a) => r.endpoints(a.id))).toEqual([['node1']]);
    expect(r.attempts.filter((a) => a.state === 'done').every((a) => r.endpoints(a.id)[0] === 'node2')).toBe(true);
  });

  it('refused on every endpoint: paused once none is left, with every reason', async () => {
    const r = await run(
      driver((t) => {
        throw new RunnerError('refused', `iozone is not installed on ${t.endpoints[0]!.name}`);
      }),
    );
    expect(r.outcome).toBe('paused');
    expect(r.attempts.filter((a) => a.state === 'interrupted').length).toBe(2);
    expect(r.summary).toMatchObject({ failed: 0, done: 0, paused: true });
    expect(r.summary.pauseReason).toBe(
      'iozone cannot be installed on enough endpoints of platform native (a run needs 1; refused on node1, node2): iozone is not installed on node1; iozone is not installed on node2',
    );
  });
});
