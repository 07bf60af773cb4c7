// Every run() of the executor ends with one campaigns.state event that a watcher can stop on (an end state, or the
// pause it stops at). Without it `virtlab campaign resume` of a campaign that had ended (killed between its last run
// and its exit) or whose backend check refused waited for an event that never came: Node ended the process with exit
// code 13 and nothing printed. The driver stands in for the endpoints; the executor, its store and SQLite are real.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { CampaignExecutor } from '../../../main/campaigns/executor.ts';
import type { RunDriver } from '../../../main/campaigns/driver.ts';
import type { CampaignEmitter } from '../../../main/campaigns/events.ts';
import type { Repos } from '../../../main/store/repos/index.ts';
import { nativeStore } from './support/native-store.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const SCENARIO = `
name: last-event
platforms: [native]
baseline: native
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
repetitions: 2
maxParallel: 1
`;

const driver = (extra: Partial<RunDriver> = {}): RunDriver => ({
  install: async () => undefined,
  start: async () => undefined,
  status: async () => 'exited',
  collect: async () => ({ stdout: 'x=1', stderr: '', exitCode: 0 }),
  stop: async () => undefined,
  parse: () => ({ ok: true, metrics: [{ name: 'x', point: '', value: 1, unit: '', better: 'higher' }] }),
  ...extra,
});

let db: Database;
let repos: Repos;
beforeEach(() => {
  ({ db, repos } = nativeStore(['node1']));
});
afterEach(() => db.close());

/** Runs the executor once over campaign `id`; its outcome and the campaigns.state events it emitted, in order. */
async function execute(id: number, d: RunDriver) {
  const states: Record<string, unknown>[] = [];
  const emitter: CampaignEmitter = { emit: (name, payload) => void (name === 'campaigns.state' && states.push(payload as Record<string, unknown>)) };
  const outcome = await new CampaignExecutor({ db, repos, driver: d, emitter, pollMs: 5 }, id).run();
  return { outcome, states };
}

describe('the last event of every executor run', () => {
  it('a campaign run to its end: its end state, once', async () => {
    const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(SCENARIO));
    const r = await execute(campaignId, driver());
    expect(r.outcome).toBe('done');
    expect(r.states.at(-1)).toMatchObject({ campaignId, state: 'done' });
    expect(r.states.filter((s) => s.state !== 'running')).toHaveLength(1);
  });

  it('a campaign that had already ended (its process killed before it exited): says so again', async () => {
    const service = createCampaignService(db, repos);
    const { campaignId } = service.createCampaign(scenarioFromText(SCENARIO));
    await execute(campaignId, driver());
    const again = await execute(campaignId, driver());
    expect(again.outcome).toBe('done');
    expect(again.states).toEqual([{ campaignId, state: 'done', paused: false }]);
  });

  it('a backend check that refuses: the pause it stops at, after the reason', async () => {
    const { campaignId } = createCampaignService(db, repos).createCampaign(scenarioFromText(SCENARIO));
    const r = await execute(campaignId, driver({ check: async () => ({ problems: ['the partition has 0 nodes'] }) }));
    expect(r.outcome).toBe('paused');
    expect(r.states.at(-2)).toMatchObject({ paused: true, message: 'nothing submitted: platform native: the partition has 0 nodes' });
    expect(r.states.at(-1)).toEqual({ campaignId, state: 'running', paused: true, message: 'paused' });
  });
});
