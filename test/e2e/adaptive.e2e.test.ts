// Adaptive repetitions through the UI, against the real lab: on a data folder that already knows two lab hosts, their
// guests and the native/container platforms, the wizard describes netperf TCP_RR (one size) repeated adaptively,
// the Review step shows the range of runs and time, Save and start runs it to the end, and the Runs page says how
// many repetitions each point took and why it stopped; what it says must be what the campaign stored.
import { copyFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownHostsFile } from '../../main/config/data-dir.ts';
import { ADAPTIVE_STOP_WORDS } from '../../main/contract/campaigns.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { labDataDir, type LabData } from '../main/campaigns/support/lab-campaign.ts';
import { screenshotPath } from './support/browser.ts';
import type { Started } from './support/npm-start.ts';
import { openApp } from './support/open-app.ts';

let data: LabData;
let started: Started;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const shot = (name: string) => page.screenshot({ path: screenshotPath(`adaptive-${name}`), fullPage: true });

beforeAll(async () => {
  data = await labDataDir(2);
  copyFileSync(data.inv.knownHostsPath, knownHostsFile(data.dir));
  ({ started, browser, page } = await openApp(data.dir, { width: 1440, height: 900 }, errors));
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
  data?.cleanup();
});

describe('adaptive repetitions in the UI', () => {
  it('the wizard makes an adaptive scenario and shows the range of runs it may take', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios', exact: true }).click();
    await page.getByRole('button', { name: 'New scenario…' }).click();
    await page.getByLabel('Scenario name').fill('adaptive latency');
    await page.getByRole('checkbox', { name: /^native — / }).check();
    await page.getByRole('checkbox', { name: /^container — / }).check();
    expect(await page.getByLabel('Baseline').inputValue()).toBe('native');
    await page.getByRole('button', { name: 'Next: Benchmarks' }).click();
    await page.getByRole('checkbox', { name: /^IOzone/ }).uncheck();
    await page.getByRole('checkbox', { name: /^NAS Parallel/ }).uncheck();
    await page.getByRole('button', { name: 'Next: Parameters' }).click();
    await page.getByLabel('TCP_RR message sizes (bytes)').fill('1');
    await page.getByRole('checkbox', { name: 'TCP_STREAM (bandwidth)', exact: true }).uncheck();
    await page.getByLabel('Seconds per point').fill('1');
    await page.getByRole('button', { name: 'Next: Execution' }).click();
    await page.getByLabel('How points repeat').selectOption('adaptive');
    await page.getByLabel('Target: interval within ± (%)').fill('5');
    await page.getByLabel('At least (runs)').fill('2');
    await page.getByLabel('At most (cap)').fill('3');
    await page.getByLabel('Warm-up runs').fill('1');
    await page.getByRole('button', { name: 'Next: Review' }).click();
    const range = page.getByTestId('plan-adaptive');
    await range.waitFor({ timeout: 30_000 });
    // 1 point x 2 platforms: 1 warm-up + 2 rounds up front, up to 1 + 3.
    expect(await range.textContent()).toMatch(/2 to 3 times after 1 warm-up\(s\): 6–8 runs/);
    await shot('01-review');
  });

  it('runs to the end from Save and start; the Runs page shows the repetitions and the stop as stored', async () => {
    await page.getByRole('button', { name: 'Save and start' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent(), { timeout: 20_000 }).toBe('Runs');
    await expect.poll(() => page.getByTestId('campaign-title').textContent(), { timeout: 300_000, interval: 2_000 }).toMatch(/done/);
    const table = page.getByTestId('adaptive-points');
    await table.waitFor({ timeout: 30_000 });
    await shot('02-runs-done');
    const db = openDatabase({ path: data.dbPath, readonly: true });
    let rounds: number;
    try {
      const measured = db.prepare("SELECT repetition FROM runs WHERE campaign_id = 1 AND repetition >= 0 AND state = 'done'").all() as { repetition: number }[];
      rounds = Math.max(...measured.map((r) => r.repetition)) + 1;
      expect(measured).toHaveLength(2 * rounds);
      expect(db.prepare("SELECT COUNT(*) FROM runs WHERE campaign_id = 1 AND repetition < 0 AND state = 'done'").pluck().get()).toBe(2);
    } finally {
      db.close();
    }
    expect(rounds).toBeGreaterThanOrEqual(2);
    expect(rounds).toBeLessThanOrEqual(3);
    const row = table.getByRole('row').nth(1);
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells[1]).toBe(String(rounds));
    expect(cells[2]).toBe('1');
    // Below the cap only the target stops a point; at the cap either may have.
    const stopped = rounds < 3 ? [ADAPTIVE_STOP_WORDS.target] : [ADAPTIVE_STOP_WORDS.target, ADAPTIVE_STOP_WORDS.cap];
    expect(stopped).toContain(cells[4]);
  }, 360_000);

  it('raised no page error on the way', () => {
    expect(errors).toEqual([]);
  });
});
