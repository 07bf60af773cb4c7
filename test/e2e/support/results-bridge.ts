// A core and its loopback bridge in this process, over a given data folder, for the Compare and Reports e2e tests.
import type { Browser, Page } from 'playwright-core';
import type { Core } from '../../../main/core/core.ts';
import { startHeadlessCore } from '../../../main/bridge/headless-core.ts';
import { startBridge, type Bridge } from '../../../main/bridge/server.ts';
import { rendererDistDir } from '../../../main/config/renderer-dist.ts';

export interface Served {
  core: Core;
  bridge: Bridge;
  close(): Promise<void>;
}

export async function serveDataDir(dataDir: string): Promise<Served> {
  const core = startHeadlessCore({ dataDir, host: 'bridge' });
  const bridge = await startBridge({ core, staticDir: rendererDistDir() });
  return {
    core,
    bridge,
    close: async () => {
      await bridge.close();
      core.close();
    },
  };
}

/** Opens the UI on one page, collecting page errors, and navigates to it by the nav bar like a user. */
export async function openPage(browser: Browser, served: Served, label: 'Compare' | 'Reports'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(served.bridge.url);
  await page.getByRole('button', { name: label, exact: true }).click();
  return { page, errors };
}

export const FIGURE_CHARTS = [
  'overview',
  'fig1a-latency',
  'fig1b-bandwidth',
  'fig2-writer',
  'fig2-reader',
  'fig3-serial',
  'fig3-openmp',
  'fig4-ep-time',
  'fig4-ep-speedup',
  'fig4-is-time',
  'fig4-is-speedup',
  'spread',
];

/** Waits until every chart of the Compare page has drawn (ECharts 'finished' sets data-drawn). */
export async function waitForCharts(page: Page, timeout = 30_000): Promise<void> {
  for (const id of FIGURE_CHARTS) await page.locator(`[data-testid="chart-${id}"][data-drawn]`).waitFor({ timeout });
}

/** The text of every "numbers behind the figure" table, in page order, cell by cell (the tables sit in a closed
 * <details>, where innerText is empty). */
export async function figureNumbers(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="numbers-"]').evaluateAll((tables) =>
    tables.map((t) =>
      [
        t.getAttribute('data-testid'),
        t.querySelector('caption')?.textContent ?? '',
        ...Array.from((t as HTMLTableElement).rows).map((r) =>
          Array.from(r.cells)
            .map((c) => c.textContent)
            .join('\t'),
        ),
      ].join('\n'),
    ),
  );
}

/** The text of one figure's numbers table. */
export async function numbersOf(page: Page, id: string): Promise<string> {
  return page.getByTestId(`numbers-${id}`).evaluate((t) =>
    [
      t.querySelector('caption')?.textContent ?? '',
      ...Array.from((t as HTMLTableElement).rows).map((r) =>
        Array.from(r.cells)
          .map((c) => c.textContent)
          .join('\t'),
      ),
    ].join('\n'),
  );
}
