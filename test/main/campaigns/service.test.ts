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
beforeEach(() => {
  tmp = tempDir();
  db = openDatabase({ path: `${tmp.dir}/virtlab.db` });
  const repos = createRepos(db);
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
});
