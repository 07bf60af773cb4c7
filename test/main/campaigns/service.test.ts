// The campaign service takes scenario objects only: text is read at the file boundary (the CLI's files, import).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRecord } from '../../../main/contract/hosts.ts';
import { definePlatform } from '../../../main/lab-model/platforms.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { createCampaignService, type CampaignService } from '../../../main/campaigns/service.ts';
import { tempDir } from '../store/temp-db.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const TEXT = 'name: s\nplatforms: [native]\nbenchmarks:\n  - benchmark: iozone\n    params: { fileSizes: [1024], recordSize: 64 }\nrepetitions: 1\n';

let tmp: ReturnType<typeof tempDir>;
let db: Database;
let service: CampaignService;
let repos: ReturnType<typeof createRepos>;
beforeEach(() => {
  tmp = tempDir();
  db = openDatabase({ path: `${tmp.dir}/virtlab.db` });
  repos = createRepos(db);
  repos.hosts.save(HostRecord.parse({ name: 'h1', address: '10.0.0.1', user: 'root', auth: { kind: 'agent' } }));
  definePlatform(repos, { name: 'native', technology: 'native', product: 'bare metal', isBaseline: true, endpoints: ['h1'] });
  service = createCampaignService(db, repos);
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('campaign service', () => {
  it('plans and creates a campaign from the scenario object', () => {
    const scenario = scenarioFromText(TEXT);
    expect(service.validate(scenario).ok).toBe(true);
    expect(service.plan(scenario).plan.entries).toHaveLength(1);
    expect(service.createCampaign(scenario).plan.entries).toHaveLength(1);
  });

  it('refuses scenario text (or anything not an object) with the sentence saying where text is read', () => {
    const text = TEXT as unknown as object;
    const sentence = 'a scenario reaches the campaign service as an object, not string: text is read at the file boundary (parseScenarioText)';
    expect(() => service.validate(text)).toThrow(sentence);
    expect(() => service.plan(text)).toThrow(sentence);
    expect(() => service.createCampaign(text)).toThrow(sentence);
    expect(() => service.validate(null as unknown as object)).toThrow('not null');
    expect(db.prepare('SELECT COUNT(*) AS n FROM campaigns').get()).toEqual({ n: 0 });
  });

  it("a platform's preparation is in the plan and the stored estimate: its provider's guess first, how long it took once it has run", () => {
    const settings = { image: 'alpine:3', network: 'bridge' };
    definePlatform(repos, { name: 'dk', technology: 'os-level', product: 'Docker', provider: 'docker', isBaseline: false, endpoints: ['h1'], settings });
    const scenario = scenarioFromText(TEXT.replace('platforms: [native]', 'platforms: [native, dk]\nbaseline: native'));
    const prepareOf = (plan: ReturnType<CampaignService['plan']>['plan']) =>
      plan.setup.filter((c) => c.what.startsWith('prepare: ')).map((c) => [c.platform, c.sec]);
    const guessed = service.plan(scenario).plan;
    expect(prepareOf(guessed)).toEqual([['dk', 3]]);
    // The same platform (provider, settings as stored, 1 host) took 95 s to prepare before: the plan says so now.
    const stored = repos.platforms.findByName('dk')!.settings;
    repos.platformPreparations.record({ campaignId: 1, platform: 'dk', provider: 'docker', settings: stored, hostCount: 1, seconds: 95 });
    const { campaignId, plan } = service.createCampaign(scenario);
    expect(prepareOf(plan)).toEqual([['dk', 95]]);
    const runsSec = plan.entries.reduce((t, e) => t + e.estimateSec, 0);
    // What the Runs page counts down from: every stored run's estimate, the preparation in the platform's first run.
    const est = service.store.summary(campaignId).estimate!;
    expect(est.totalSec).toBeCloseTo(runsSec + 95 + plan.setup.filter((c) => !c.what.startsWith('prepare: ')).reduce((t, c) => t + c.sec, 0), 6);
    expect(est.pendingSec).toBeCloseTo(est.totalSec, 6);
  });
});
