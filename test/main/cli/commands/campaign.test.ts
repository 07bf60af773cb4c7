// `virtlab campaign resume` of a campaign that has ended (e.g. its process was killed after its last run, before it
// exited) is a real process that says so and exits 0: it used to wait for an event that never came, so Node ended it
// with exit code 13 and nothing printed (seen once in the SIGKILL + resume lab test). Run as the user runs it: bin/virtlab.mjs.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../../../main/config/data-dir.ts';
import { buildResultsDb, type ResultsFixture } from '../../../e2e/support/results-fixture.ts';

const bin = resolve(import.meta.dirname, '..', '..', '..', '..', 'bin', 'virtlab.mjs');
let dataDir: string;
let fixture: ResultsFixture;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'virtlab-cli-campaign-'));
  fixture = buildResultsDb(databaseFile(dataDir), { repetitions: 2, seed: 3 });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function virtlab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, '--data-dir', dataDir, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('virtlab campaign resume of a campaign that has ended', () => {
  it('says its end state and its counts, and exits 0', async () => {
    const id = String(fixture.campaignId);
    const status = await virtlab('campaign', 'status', id, '--json');
    expect(status.code, status.stderr).toBe(0);
    const { campaign } = JSON.parse(status.stdout) as { campaign: { state: string; done: number; planned: number; failed: number } };
    expect(campaign.state).toBe('done');

    const r = await virtlab('campaign', 'resume', id);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`campaign ${id}: done\ncampaign ${id} done: ${campaign.done}/${campaign.planned} done, ${campaign.failed} failed\n`);
  });
});
