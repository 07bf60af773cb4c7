// Compare page in Chromium through the bridge, over a real results database (parsed recorded outputs through the
// store); offline review of an exported bundle and of a database file on a fresh data folder shows the same numbers.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from './support/browser.ts';
import { buildResultsDb } from './support/results-fixture.ts';
import { figureNumbers, numbersOf, openPage, serveDataDir, waitForCharts, type Served } from './support/results-bridge.ts';
import { exportBundle } from '../../main/store/bundle/export.ts';

let browser: Browser;
let live: Served;
let page: Page;
let errors: string[];
let liveNumbers: string[];
const liveDir = mkdtempSync(join(tmpdir(), 'vl-e2e-compare-'));
const exportDir = mkdtempSync(join(tmpdir(), 'vl-e2e-compare-export-'));

beforeAll(async () => {
  buildResultsDb(join(liveDir, 'virtlab.db'), { repetitions: 5 });
  live = await serveDataDir(liveDir);
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, live, 'Compare'));
});
afterAll(async () => {
  await browser?.close();
  await live?.close();
});

describe('Compare page on a live database', () => {
  it('draws the overview, every figure of the paper and the spread, with data', async () => {
    await waitForCharts(page);
    for (const id of ['overview', 'fig1a', 'fig1b', 'fig2', 'fig3', 'fig4', 'spread']) {
      const section = page.getByTestId(`figure-${id}`);
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: screenshotPath(`compare-${id}`) });
    }
    await page.getByRole('heading', { name: /Network latency/ }).waitFor();
    // HPCC is registered but this campaign never ran it: no frame for it, and no figure without data at all.
    expect(await page.locator('[data-testid^="figure-hpcc"]').count()).toBe(0);
    expect(await page.getByTestId('figures-without-data').count()).toBe(0);
    // Every panel has numbers for all three platforms.
    for (const [i, table] of (await figureNumbers(page)).entries()) {
      for (const platform of ['native', 'kvm', 'openvz']) expect(table, `table ${i}`).toContain(platform);
    }
    expect(errors).toEqual([]);
  });

  it('lists failures with their reasons next to the figure', async () => {
    await expect.poll(() => page.getByRole('complementary', { name: /IOzone.*failures/ }).innerText()).toContain('No space left on device');
    expect(await page.getByRole('complementary', { name: /NPB MPI.*failures/ }).innerText()).toMatch(/kvm.*8 nodes.*UNSUCCESSFUL/);
  });

  it('toggles a platform and switches absolute/relative by keyboard-reachable labelled controls', async () => {
    const chart = page.getByTestId('chart-fig1a-latency');
    const before = Number(await chart.getAttribute('data-drawn'));
    await page.getByRole('checkbox', { name: 'Show kvm' }).focus();
    await page.keyboard.press('Space');
    await expect.poll(async () => Number(await chart.getAttribute('data-drawn'))).toBeGreaterThan(before);
    expect(await numbersOf(page, 'fig1a-latency')).not.toContain('kvm');
    await page.getByRole('checkbox', { name: 'Show kvm' }).check();

    expect(await numbersOf(page, 'fig3-serial')).toMatch(/relative to native/);
    await page.getByRole('radio', { name: 'Absolute' }).check();
    await expect.poll(() => numbersOf(page, 'fig3-serial')).toMatch(/time \(s\)/);
    await waitForCharts(page);
    await page.getByTestId('figure-fig3').screenshot({ path: screenshotPath('compare-fig3-absolute') });
    await page.getByRole('radio', { name: 'Relative to baseline' }).check();
    await expect.poll(() => numbersOf(page, 'fig3-serial')).toMatch(/relative to native/);
    await waitForCharts(page);
    liveNumbers = await figureNumbers(page);
  });

  it("a click on a platform in one chart's legend hides it everywhere and unticks its checkbox", async () => {
    const chart = page.getByTestId('chart-fig1a-latency');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.boundingBox())!;
    const legendKvm = { x: box.x + box.width / 2, y: box.y + 33 }; // legend centred under the title: native, kvm, openvz
    const spread = Number(await page.getByTestId('chart-spread').getAttribute('data-drawn'));
    await page.mouse.click(legendKvm.x, legendKvm.y);
    await expect.poll(() => page.getByRole('checkbox', { name: 'Show kvm' }).isChecked()).toBe(false);
    expect(await numbersOf(page, 'fig2-writer')).not.toContain('kvm');
    await expect.poll(async () => Number(await page.getByTestId('chart-spread').getAttribute('data-drawn'))).toBeGreaterThan(spread);
    await page.mouse.click(legendKvm.x, legendKvm.y);
    await expect.poll(() => page.getByRole('checkbox', { name: 'Show kvm' }).isChecked()).toBe(true);
    expect(await numbersOf(page, 'fig2-writer')).toContain('kvm');
  });

  it('exports a chart as PNG and as SVG', async () => {
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Network latency: Latency vs message size as PNG/ }).click(),
    ]);
    const pngPath = join(exportDir, png.suggestedFilename());
    await png.saveAs(pngPath);
    expect(readFileSync(pngPath).subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /Network latency: Latency vs message size as SVG/ }).click(),
    ]);
    const svgPath = join(exportDir, svg.suggestedFilename());
    await svg.saveAs(svgPath);
    const text = readFileSync(svgPath, 'utf8');
    expect(svg.suggestedFilename()).toBe('fig1a-latency.svg');
    expect(text).toMatch(/^<svg[\s\S]*<path[\s\S]*<\/svg>\s*$/);
    expect(text).toContain('kvm');
  });
});

describe('offline review on a fresh data folder', () => {
  async function reviewed(kind: 'database' | 'bundle', path: string): Promise<string[]> {
    const fresh = mkdtempSync(join(tmpdir(), `vl-e2e-offline-${kind}-`));
    const served = await serveDataDir(fresh);
    try {
      const { page: p, errors: errs } = await openPage(browser, served, 'Compare');
      await p.getByTestId('compare-empty').waitFor();
      await p.getByLabel('Path of a database or bundle to review').fill(path);
      await p.getByRole('button', { name: kind === 'bundle' ? 'Open bundle' : 'Open database' }).click();
      await expect.poll(() => p.getByTestId('results-source').innerText()).toContain(`Reviewing ${kind} (read-only): ${path}`);
      await waitForCharts(p);
      await p.getByTestId('figure-fig4').screenshot({ path: screenshotPath(`compare-offline-${kind}-fig4`) });
      const numbers = await figureNumbers(p);
      expect(errs).toEqual([]);
      await p.close();
      return numbers;
    } finally {
      await served.close();
    }
  }

  it('an exported bundle shows the same numbers as the live database', async () => {
    const bundle = join(exportDir, 'campaign.virtlab');
    exportBundle(live.core.context.db, bundle);
    const numbers = await reviewed('bundle', bundle);
    expect(numbers).toHaveLength(10);
    expect(numbers).toEqual(liveNumbers);
  });

  it('another database file, opened read-only, shows the same numbers', async () => {
    const numbers = await reviewed('database', join(liveDir, 'virtlab.db'));
    expect(numbers).toEqual(liveNumbers);
  });
});
