// Fig. 4 of a campaign whose NPB MPI ran on one node count only (here 2), in Chromium: each panel's point sits inside
// its frame with the count labelled under it. From ECharts' dataMin to dataMax the lone x sat on the frame's right edge,
// its points half outside and its label in the corner under the reference line's label.
// And Fig. 4 where IS class S printed 0.00 s on 1 node: no IS speedup drawn (it was 0 at every count), a plain note in
// Compare and in the PDF printed by `virtlab report pdf`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from './support/browser.ts';
import { runVirtlab } from './support/virtlab-cli.ts';
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

describe("Fig. 4 where IS's 1-node time is 0.00 s", () => {
  const NOTE = "IS: 1-node time 0.00 s, below the timer's resolution; no speedup defined (native, kvm, openvz)";
  const zeroDir = mkdtempSync(join(tmpdir(), 'vl-e2e-fig4-is0-'));
  let zero: Served;
  let zeroPage: Page;
  let zeroErrors: string[];
  beforeAll(async () => {
    buildResultsDb(join(zeroDir, 'virtlab.db'), { repetitions: 3, mpiNodes: [1, 2, 4], benchmarks: ['npb-mpi'], printedTimes: true });
    zero = await serveDataDir(zeroDir);
    ({ page: zeroPage, errors: zeroErrors } = await openPage(browser, zero, 'Compare'));
  });
  afterAll(async () => {
    await zeroPage?.close();
    await zero?.close();
  });

  it('Compare draws no IS speedup, with the note in the figure and in the empty panel, 1 node on its axis', async () => {
    await zeroPage.locator('[data-testid="chart-fig4-is-speedup"][data-drawn]').waitFor();
    const fig = zeroPage.getByTestId('figure-fig4');
    await expect.poll(() => fig.getByRole('note').allInnerTexts()).toEqual([NOTE]);
    await fig.scrollIntoViewIfNeeded();
    await fig.screenshot({ path: screenshotPath('compare-fig4-is-zero-time') });
    const chart = zeroPage.getByRole('figure', { name: 'NPB MPI performance: IS speedup' });
    await chart.scrollIntoViewIfNeeded();
    await chart.screenshot({ path: screenshotPath('compare-fig4-is-zero-time-speedup') });
    const [download] = await Promise.all([
      zeroPage.waitForEvent('download'),
      zeroPage.getByRole('button', { name: 'NPB MPI performance: IS speedup as SVG' }).click(),
    ]);
    const file = join(zeroDir, download.suggestedFilename());
    await download.saveAs(file);
    const svg = readFileSync(file, 'utf8');
    // The note, in lines, in the plot (ECharts' SVG text, one element a line).
    const words = [...svg.matchAll(/>([^<]*)<\/text>/g)].map((m) => m[1]!.replaceAll('&#39;', "'")).join(' ');
    expect(words).toContain(NOTE);
    // No line of any platform: the panel holds the note only (on the old code, a line at 0 per platform).
    expect(svg).not.toMatch(/<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+L[\d.]+ [\d.]+"[^>]*stroke-width="2"/);
    const all = texts(svg);
    const name = all.find((t) => t.text === 'nodes')!;
    expect(all.filter((t) => t.y > name.y - 30 && t.y < name.y && /^\d+$/.test(t.text)).map((t) => t.text)).toEqual(['1', '2', '4']);
    expect(zeroErrors).toEqual([]);
  });

  it('the PDF prints the note on the Fig. 4 page', () => {
    const out = join(zeroDir, 'fig4.pdf');
    const r = runVirtlab(zeroDir, ['report', 'pdf', '1', '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const pages = execFileSync('pdftotext', ['-layout', out, '-'], { encoding: 'utf8' }).split('\f');
    const at = pages.findIndex((p) => p.includes('NPB MPI performance') && p.includes('IS speedup'));
    expect(at).toBeGreaterThanOrEqual(0);
    // The figure's note (a paragraph) and the same words drawn in the empty panel, across its two lines.
    expect(pages[at]!.replace(/\s+/g, ' ')).toContain(NOTE);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      String(at + 1),
      '-l',
      String(at + 1),
      out,
      resolve(screenshotPath('report-fig4-is-zero-time'), '..', 'report-fig4-is-zero-time'),
    ]);
  });
});
