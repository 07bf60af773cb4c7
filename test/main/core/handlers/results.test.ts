// The Compare page's questions without a campaign id: answered for the campaign the page would open on from the list
// (the newest with a finished run, else the newest), so it can ask before the list arrives.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from '../../store/fixture.ts';
import { startCore, type Core } from '../../../../main/core/core.ts';
import { createLocalClient } from '../../../../main/core/local-client.ts';
import type { Client } from '../../../../main/contract/procedures.ts';

let f: Fixture;
let core: Core;
let api: Client;
beforeEach(() => {
  f = makeFixture();
  core = startCore({ dataDir: f.dir, host: 'bridge' });
  api = createLocalClient(core.handlers);
});
afterEach(async () => {
  await core.close();
  f.cleanup();
});

const lat = (point: string, value: number) => ({ name: 'latency_us', point, value, unit: 'us', better: 'lower' as const });
let plan = 0;
function finishRuns(campaignId: number) {
  for (const platform of ['native', 'xen']) {
    for (let rep = 0; rep < 2; rep++) {
      const id = f.repos.runs.create({ campaignId, planIndex: plan++, platformId: f.platforms[platform]!, benchmark: 'netperf', repetition: rep });
      f.repos.runs.transition(id, 'running');
      f.repos.runs.transition(id, 'parsing');
      f.repos.metrics.insertMetrics([lat('1', 80 + rep + plan), lat('64', 90 + rep * 3)].map((m) => ({ ...m, runId: id })));
      f.repos.runs.transition(id, 'done');
    }
  }
}
/** The page's own rule over the list it gets. */
async function listPick(): Promise<number | undefined> {
  const campaigns = await api['results.campaigns']({});
  return campaigns.find((c) => c.runs.done > 0)?.id ?? campaigns[0]?.id;
}

describe('results without a campaign id', () => {
  it('answer for the newest campaign with a finished run, as the list would pick, the same as asked by its id', async () => {
    finishRuns(f.campaignId);
    // A newer campaign with nothing finished yet: the list still opens on the first one.
    const scenario = f.repos.scenarios.save('later', { benchmarks: ['netperf'], baseline: 'native' });
    const newer = f.repos.campaigns.create(scenario.id, 'c2');
    const pending = f.repos.runs.create({ campaignId: newer, planIndex: 0, platformId: f.platforms.native!, benchmark: 'netperf' });
    expect(await listPick()).toBe(f.campaignId);
    const byId = { campaignId: f.campaignId };
    expect(await api['results.figures']({ mode: 'relative' })).toEqual(await api['results.figures']({ ...byId, mode: 'relative' }));
    expect(await api['results.overview']({})).toEqual(await api['results.overview'](byId));
    expect(await api['results.spread']({})).toEqual(await api['results.spread'](byId));
    expect((await api['results.figures']({ mode: 'absolute' })).campaignId).toBe(f.campaignId);

    // Once a run of the newer campaign is done, both the list and the core move to it.
    f.repos.runs.transition(pending, 'running');
    f.repos.runs.transition(pending, 'parsing');
    f.repos.metrics.insertMetrics([{ ...lat('1', 81), runId: pending }]);
    f.repos.runs.transition(pending, 'done');
    expect(await listPick()).toBe(newer);
    expect((await api['results.spread']({})).campaignId).toBe(newer);
  });

  it('answer for the newest campaign when none has a finished run, and say so when there is no campaign at all', async () => {
    const scenario = f.repos.scenarios.save('later', { benchmarks: ['netperf'], baseline: 'native' });
    const newer = f.repos.campaigns.create(scenario.id, 'c2');
    f.repos.runs.create({ campaignId: newer, planIndex: 0, platformId: f.platforms.native!, benchmark: 'netperf' });
    expect(await listPick()).toBe(newer);
    expect(await api['results.overview']({})).toEqual({ campaignId: newer, baseline: 'native', platforms: [], groups: [], cells: [] });
    f.db.prepare('DELETE FROM campaigns').run();
    expect(await listPick()).toBeUndefined();
    await expect(api['results.figures']({ mode: 'relative' })).rejects.toThrow(/^No campaign in /);
  });
});
