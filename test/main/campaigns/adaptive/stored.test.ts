// A scenario with adaptive repetitions saved, read back and started: parsing fills `repetitions` with its default,
// which must not come back as "give either repetitions or adaptive" when the saved version is read again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ScenarioObject } from '../../../../main/contract/scenarios.ts';
import { createCampaignService } from '../../../../main/campaigns/service.ts';
import { HostRecord } from '../../../../main/contract/hosts.ts';
import { startCore, type Core } from '../../../../main/core/core.ts';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { tempDir } from '../../store/temp-db.ts';
import { scenarioFromText } from '../../../support/scenario-text.ts';

const TEXT = `
name: adaptive-io
platforms: [native]
baseline: native
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
adaptive: { targetPct: 5, min: 3, max: 6, warmup: 1 }
`;

let tmp: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  tmp = tempDir('virtlab-adaptive-stored-');
  core = startCore({ dataDir: tmp.dir, host: 'bridge' });
  // A documentation address, never contacted: nothing here runs.
  core.context.repos.hosts.save(HostRecord.parse({ name: 'n1', address: '192.0.2.1', user: 'root', auth: { kind: 'agent' } }));
  definePlatform(core.context.repos, { name: 'native', technology: 'native', product: 'x', isBaseline: true, endpoints: ['n1'] });
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

describe('a saved adaptive scenario', () => {
  it('exports as text that validates, and a campaign starts from the saved version', async () => {
    const saved = await core.handlers['scenarios.save']({ scenario: parse(TEXT) as ScenarioObject });
    const { text } = await core.handlers['scenarios.export']({ name: saved.name, version: saved.version, format: 'yaml' });
    expect(text).not.toMatch(/repetitions/);
    expect(await core.handlers['scenarios.validate']({ scenario: parse(text) as ScenarioObject })).toMatchObject({ ok: true, issues: [] });
    const service = createCampaignService(core.context.db);
    const { campaignId, plan } = service.createCampaign(scenarioFromText(text));
    expect(plan.adaptive).toMatchObject({ min: 3, max: 6, warmup: 1 });
    const again = core.context.repos.scenarios.latest('adaptive-io')!;
    expect(again.definition).not.toHaveProperty('repetitions');
    expect(
      core.context.repos.runs
        .listByCampaign(campaignId)
        .map((r) => r.repetition)
        .sort(),
    ).toEqual([-1, 0, 1, 2]);
  });
});
