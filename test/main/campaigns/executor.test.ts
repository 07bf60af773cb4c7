// The executor's retry policy for interrupted runs: a run whose remote job keeps disappearing is retried within the
// scenario's retries, then ends as failed with why. The driver stands in for an endpoint whose jobs always vanish.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { CampaignExecutor } from '../../../main/campaigns/executor.ts';
import { EndpointDownError, type RunDriver, type RunTarget } from '../../../main/campaigns/driver.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const scenario = (retries: number) => `
name: vanishing
platforms: [native]
baseline: native
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
repetitions: 1
failure: { retries: ${retries} }
`;

/** Starts every job, then says it is gone. */
const vanishing: RunDriver = {
  start: async () => undefined,
  status: async () => 'lost',
  collect: async () => ({ stdout: '', stderr: '', exitCode: null }),
  stop: async () => undefined,
  parse: () => ({ ok: false, error: 'never collected' }),
};

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

describe('interrupted runs', () => {
  for (const retries of [0, 2]) {
    it(`are retried at most ${retries} time(s), then fail with the reason`, async () => {
      const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(scenario(retries)));
      const outcome = await new CampaignExecutor({ db, repos, driver: vanishing, pollMs: 5 }, campaignId).run();
      const attempts = repos.runs.listByCampaign(campaignId);
      expect(attempts.map((r) => [r.attempt, r.state])).toEqual([
        ...Array.from({ length: retries }, (_, i) => [i + 1, 'interrupted']),
        [retries + 1, 'failed'],
      ]);
      expect(attempts.at(-1)!.error).toMatch(new RegExp(`disappeared; interrupted ${retries + 1} times, more than the scenario's ${retries} retries allow`));
      expect(outcome).toBe('failed');
    });
  }
});

const twoHosts = (retries: number) => `
name: two-hosts
platforms: [native, other]
baseline: native
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
repetitions: 1
failure: { retries: ${retries} }
`;

/** A driver whose jobs run until `finish` says so; node2 stops answering (status, stop, cleanup) while `down.node2`. */
function hostsDriver(down: { node2: boolean }) {
  const cleaned: string[] = [];
  const stopped: string[] = [];
  const on = (t: RunTarget) => t.endpoints[0]!.name;
  const answer = (t: RunTarget) => {
    if (down.node2 && on(t) === 'node2') throw new EndpointDownError('node2', 'node2 did not open a session within 15000 ms (no answer on its connection)');
  };
  const driver: RunDriver = {
    start: async () => undefined,
    status: async (t) => {
      answer(t);
      return on(t) === 'node2' ? 'running' : 'exited';
    },
    collect: async () => ({ stdout: 'out', stderr: '', exitCode: 0 }),
    stop: async (t) => {
      answer(t);
      stopped.push(t.remoteRunId);
    },
    cleanup: async (t) => {
      answer(t);
      cleaned.push(t.remoteRunId);
    },
    parse: () => ({ ok: true, metrics: [] }),
  };
  return { driver, cleaned, stopped };
}

function addSecondHost(): void {
  const hostId = repos.hosts.save({ name: 'node2', address: '10.0.0.2', port: 22, user: 'bench', auth: { kind: 'agent' }, jump: [], tags: [] });
  const platformId = repos.platforms.create({ name: 'other', technology: 'native', product: 'bare metal', isBaseline: false });
  repos.platforms.addEndpoint({ platformId, hostId });
}

describe('an endpoint that stops answering during a run', () => {
  it('fails only its run, with the reason; its leftovers are removed once it answers again', async () => {
    addSecondHost();
    const down = { node2: false };
    const { driver, cleaned } = hostsDriver(down);
    const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(twoHosts(0)));
    const executor = new CampaignExecutor(
      {
        db,
        repos,
        driver: {
          ...driver,
          status: async (t) => {
            const s = await driver.status(t);
            if (t.endpoints[0]!.name === 'node2') down.node2 = true;
            return s;
          },
        },
        pollMs: 5,
      },
      campaignId,
    );
    const running = executor.run();
    // Back once its run has failed: the leftovers' next try finds it.
    const poll = setInterval(() => {
      if (repos.runs.listByCampaign(campaignId).some((r) => r.state === 'failed')) down.node2 = false;
    }, 5);
    const outcome = await running.finally(() => clearInterval(poll));
    const runs = repos.runs.listByCampaign(campaignId);
    const other = repos.platforms.list().find((p) => p.name === 'other')!.id;
    expect(runs.map((r) => [r.platformId === other ? 'other' : 'native', r.state]).sort()).toEqual([
      ['native', 'done'],
      ['other', 'failed'],
    ]);
    expect(runs.find((r) => r.state === 'failed')!.error).toBe(
      'endpoint node2 down: node2 did not open a session within 15000 ms (no answer on its connection)',
    );
    expect(cleaned).toContain(runs.find((r) => r.state === 'failed')!.remoteRunId);
    expect(outcome).toBe('done');
    expect(repos.campaigns.get(campaignId)!.state).toBe('done');
  });

  it("says at the campaign's end which leftovers could not be removed when it never comes back", async () => {
    addSecondHost();
    const down = { node2: false };
    const { driver, cleaned } = hostsDriver(down);
    const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(twoHosts(0)));
    const messages: string[] = [];
    const emitter = {
      emit: (name: string, p: { message?: string }) => {
        if (name === 'campaigns.state' && p.message) messages.push(p.message);
      },
    };
    // A clock 1000 times faster than real time: the 30 s the end grants the leftovers pass in a moment.
    const t0 = performance.now();
    const monotonic = () => t0 + (performance.now() - t0) * 1000;
    const outcome = await new CampaignExecutor(
      {
        db,
        repos,
        emitter: emitter as never,
        monotonic,
        driver: {
          ...driver,
          status: async (t) => {
            if (t.endpoints[0]!.name === 'node2') down.node2 = true;
            return driver.status(t);
          },
        },
        pollMs: 5,
      },
      campaignId,
    ).run();
    const failed = repos.runs.listByCampaign(campaignId).find((r) => r.state === 'failed')!;
    expect(failed.error).toMatch(/^endpoint node2 down: /);
    expect(cleaned).not.toContain(failed.remoteRunId);
    expect(outcome).toBe('done');
    expect(messages.at(-1)).toBe(
      `1 of 2 plan entries done, 1 failed; remote leftovers of 1 run(s) could not be removed: ${failed.remoteRunId} (node2 did not open a session within 15000 ms (no answer on its connection))`,
    );
  });
});

describe('a cancelled run', () => {
  it('has its remote job stopped and what it left removed, like a finished run', async () => {
    const down = { node2: false };
    const { driver, cleaned, stopped } = hostsDriver(down);
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(scenario(0)));
    const executor = new CampaignExecutor({ db, repos, driver: { ...driver, status: async () => 'running' }, pollMs: 5 }, campaignId);
    const running = executor.run();
    const poll = setInterval(() => {
      if (repos.runs.listByCampaign(campaignId).some((r) => r.state === 'running')) service.cancel(campaignId);
    }, 5);
    const outcome = await running.finally(() => clearInterval(poll));
    const run = repos.runs.listByCampaign(campaignId)[0]!;
    expect([outcome, run.state, run.error]).toEqual(['cancelled', 'cancelled', 'campaign cancelled']);
    expect(stopped).toEqual([run.remoteRunId]);
    expect(cleaned).toEqual([run.remoteRunId]);
  });
});
