// Fig. 4 of a campaign whose NPB MPI ran on one node count only (here 2), in Chromium: each panel's point sits inside
// its frame with the count labelled under it. From ECharts' dataMin to dataMax the lone x sat on the frame's right edge,
// its points half outside and its label in the corner under the reference line's label.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from './support/browser.ts';
import { buildResultsDb } from './support/results-fixture.ts';
import { openPage, serveDataDir, type Served } from './support/results-bridge.ts';

let browser: Browser;
let served: Served;
let page: Page;
let errors: string[];
const dataDir = mkdtempSync(join(tmpdir(), 'vl-e2e-fig4-'));
const PANELS = ['EP run time', 'EP speedup', 'IS run time', 'IS speedup'];

beforeAll(async () => {
  buildResultsDb(join(dataDir, 'virtlab.db'), { repetitions: 3, mpiNodes: [2] });
  served = await serveDataDir(dataDir);
  browser = await launchChromium();
  ({ page, errors } = await openPage(browser, served, 'Compare'));
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Text elements of an SVG with where they are drawn. */
function texts(svg: string): { x: number; y: number; text: string }[] {
  return [...svg.matchAll(/<text[^>]*transform="translate\(([\d.]+) ([\d.]+)\)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    text: m[3]!,
  }));
}

describe('Fig. 4 on one node count', () => {
  it('draws every panel with the count labelled under its points, mid-frame', async () => {
    for (const id of ['fig4-ep-time', 'fig4-ep-speedup', 'fig4-is-time', 'fig4-is-speedup'])
      await page.locator(`[data-testid="chart-${id}"][data-drawn]`).waitFor();
    const fig = page.getByTestId('figure-fig4');
    await fig.scrollIntoViewIfNeeded();
    await fig.screenshot({ path: screenshotPath('compare-fig4-one-count') });
    for (const title of PANELS) {
      // The chart as the user exports it (the same option, drawn by ECharts' SVG renderer in the page).
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `NPB MPI performance: ${title} as SVG` }).click()]);
      const file = join(dataDir, download.suggestedFilename());
      await download.saveAs(file);
      const all = texts(readFileSync(file, 'utf8'));
      const name = all.find((t) => t.text === 'nodes')!;
      expect(name, title).toBeDefined();
      // The x axis's labels sit between the plot and its name (centred under the plot); the y axis's labels share one x.
      const yLabelX = new Set(all.filter((t) => t.y < name.y - 30 && /^[\d.]+$/.test(t.text)).map((t) => t.x));
      const labels = all.filter((t) => t.y > name.y - 30 && t.y < name.y && !yLabelX.has(t.x));
      expect(
        labels.map((t) => t.text),
        title,
      ).toEqual(['2']);
      expect(Math.abs(labels[0]!.x - name.x), title).toBeLessThan(10);
    }
    expect(errors).toEqual([]);
  });
});
