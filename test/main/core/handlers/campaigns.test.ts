// The UI's start and Resume go through the same stored inputs as the CLI: a start without the NPB source its runs
// need is refused before anything is stored, and Resume with the tarball gone is refused with the one sentence,
// the campaign paused with it and no run touched. Nothing here reaches an endpoint: both refusals come first.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCampaign } from '../../../../main/campaigns/launch.ts';
import { createCampaignService } from '../../../../main/campaigns/service.ts';
import { HostRecord } from '../../../../main/contract/hosts.ts';
import { ContractError } from '../../../../main/contract/errors.ts';
import { startCore, type Core } from '../../../../main/core/core.ts';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { tempDir } from '../../store/temp-db.ts';
import { scenarioFromText } from '../../../support/scenario-text.ts';

const SCENARIO = {
  name: 'npb-only',
  platforms: ['native'],
  benchmarks: [{ benchmark: 'npb', params: { kernels: ['EP'], classes: ['S'], variants: ['serial'] } }],
  repetitions: 2,
};

let tmp: ReturnType<typeof tempDir>;
let core: Core;
beforeEach(() => {
  tmp = tempDir('virtlab-core-campaigns-');
  core = startCore({ dataDir: tmp.dir, host: 'bridge' });
  const { repos } = core.context;
  // A documentation address (never contacted: both refusals happen before any run).
  repos.hosts.save(HostRecord.parse({ name: 'n1', address: '192.0.2.1', user: 'root', auth: { kind: 'agent' } }));
  definePlatform(repos, { name: 'native', technology: 'native', product: 'x', isBaseline: true, endpoints: ['n1'] });
  repos.scenarios.save('npb-only', SCENARIO);
  writeFileSync(join(tmp.dir, 'known_hosts'), '');
});
afterEach(async () => {
  await core.close();
  tmp.cleanup();
});

describe('campaigns.start and campaigns.resume with stored inputs', () => {
  it('refuses a start whose NPB runs have no source, storing nothing', async () => {
    const saved = process.env.VIRTLAB_NPB_SOURCE;
    delete process.env.VIRTLAB_NPB_SOURCE;
    try {
      const e = await core.handlers['campaigns.start']({ scenario: 'npb-only' }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ContractError);
      expect((e as ContractError).code).toBe('invalid-input');
      expect((e as ContractError).message).toBe(
        'This scenario has 2 NPB run(s) but no NPB source: give --npb-source with the NPB tarball or its http(s) URL (or set VIRTLAB_NPB_SOURCE).',
      );
      expect(core.context.repos.campaigns.list()).toEqual([]);
    } finally {
      if (saved !== undefined) process.env.VIRTLAB_NPB_SOURCE = saved;
    }
  });

  it('refuses Resume when the tarball has gone: one sentence, paused with it, no run touched', async () => {
    const tar = join(tmp.dir, 'npb.tar');
    writeFileSync(tar, 'tarball');
    const service = createCampaignService(core.context.db);
    const text = JSON.stringify(SCENARIO);
    const { campaignId } = await startCampaign(service, scenarioFromText(text), {}, { npbSource: tar }, { dataDir: tmp.dir, env: {} });
    core.context.repos.campaigns.setState(campaignId, 'interrupted');
    const before = core.context.repos.runs.listByCampaign(campaignId);
    renameSync(tar, `${tar}.moved`);
    const e = await core.handlers['campaigns.resume']({ id: campaignId }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ContractError);
    expect((e as ContractError).code).toBe('conflict');
    expect((e as ContractError).message).toMatch(
      new RegExp(
        `^Campaign ${campaignId} cannot resume: its NPB source .*npb\\.tar is gone; put the tarball \\(sha256 [0-9a-f]{16}…\\) back there or resume from the command line with --npb-source FILE naming a copy of it\\.$`,
      ),
    );
    const status = await core.handlers['campaigns.status']({ id: campaignId });
    expect(status.campaign).toMatchObject({ state: 'interrupted', paused: true, pauseReason: (e as Error).message });
    expect(core.context.repos.runs.listByCampaign(campaignId)).toEqual(before);
    expect(before.every((r) => r.state === 'planned')).toBe(true);
  });
});
