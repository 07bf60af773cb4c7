// The executor's retry policy for interrupted runs: a run whose remote job keeps disappearing is retried within the
// scenario's retries, then ends as failed with why. The driver stands in for an endpoint whose jobs always vanish.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { CampaignExecutor } from '../../../main/campaigns/executor.ts';
import type { RunDriver } from '../../../main/campaigns/driver.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';

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
      const { campaignId } = createCampaignService(db, repos).createCampaign(scenario(retries));
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
