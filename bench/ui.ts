// UI responsiveness on a big campaign: a results database of 10,000 runs (built from the recorded benchmark outputs
// through the store), served by the bridge, Compare opened in Chromium.
// First draw: from the click on Compare to the ECharts 'finished' event of every chart on the page (the charts below
// the fold included), on a fresh page over a freshly started core each time (nothing cached on either side). Toggle: from the click on a platform checkbox to the 'finished' event
// of every chart that shows that platform (all figure panels and the spread box plot). Timed in the page, polled once a
// frame, so a figure is at most one frame late, never early.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, CDPSession } from 'playwright-core';
import { buildResultsDb } from '../test/e2e/support/results-fixture.ts';
import { launchChromium } from '../test/e2e/support/browser.ts';
import { FIGURE_CHARTS, serveDataDir, type Served } from '../test/e2e/support/results-bridge.ts';

const RUNS = 10_000;
const RUNS_PER_REPETITION = 60; // 3 platforms x 20 plan entries (see the fixture)
const TARGET_DRAW_MS = 1000;
const TARGET_TOGGLE_MS = 100;
const PAGE_LOADS = 3;
const TOGGLES = 8;
const TIMEOUT_MS = 20_000;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const selectorOf = (id: string) => `[data-testid="chart-${id}"]`;

// In-page code as text: the TypeScript loader would otherwise inject helpers that do not exist in the page.
const WAIT = `function waitFor(done, timeout) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    (function check() {
      if (done()) resolve();
      else if (performance.now() - t0 > timeout) reject(new Error('charts not drawn within ' + timeout + ' ms'));
      else requestAnimationFrame(check);
    })();
  });
}`;

interface Load {
  firstChartMs: number;
  allChartsMs: number;
  campaignsMs: number;
  dataMs: number;
  /** The page's main thread busy (Chromium's TaskDuration) between the click and the last chart drawn: its CPU time,
   * which a loaded machine stretches less than the wall time (six engineers share two cores here). */
  busyMs: number;
  /** Of which running scripts (ScriptDuration). */
  scriptMs: number;
}

type Metrics = Map<string, number>;
async function mainThreadMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return new Map(metrics.map((m) => [m.name, m.value]));
}
const secondsToMs = (after: Metrics, before: Metrics, name: string) => ((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000;

/** One page load: ms from the click on Compare to the first chart drawn and to every chart drawn; and where it went:
 * to the campaign list answered (asked first: it picks the campaign), to the last dataset answered (figures, overview,
 * spread), the rest being the page's own drawing. */
async function firstDraw(browser: Browser, served: Served): Promise<Load> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.goto(served.bridge.url);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const before = await mainThreadMetrics(cdp);
    const load = (await page.evaluate(`(async () => {
      ${WAIT}
      const sels = ${JSON.stringify(FIGURE_CHARTS.map(selectorOf))};
      const drawn = (s) => document.querySelector(s)?.getAttribute('data-drawn');
      const start = performance.now();
      let firstChartMs;
      [...document.querySelectorAll('nav button')].find((b) => b.textContent === 'Compare').click();
      await waitFor(() => {
        if (firstChartMs === undefined && sels.some(drawn)) firstChartMs = performance.now() - start;
        return sels.every(drawn);
      }, ${TIMEOUT_MS});
      const allChartsMs = performance.now() - start;
      const answered = (name) => Math.max(0, ...performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/' + name)).map((e) => e.responseEnd - start));
      return { firstChartMs, allChartsMs, campaignsMs: answered('results.campaigns'), dataMs: Math.max(answered('results.figures'), answered('results.overview'), answered('results.spread')) };
    })()`)) as Omit<Load, 'busyMs' | 'scriptMs'>;
    const after = await mainThreadMetrics(cdp);
    return { ...load, busyMs: secondsToMs(after, before, 'TaskDuration'), scriptMs: secondsToMs(after, before, 'ScriptDuration') };
  } finally {
    await page.close();
  }
}

/** Toggles one platform off and on again, TOGGLES times in all: ms from each click to every affected chart redrawn. */
async function toggles(browser: Browser, served: Served, platform: string): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  try {
    await page.goto(served.bridge.url);
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    for (const id of FIGURE_CHARTS) await page.locator(`${selectorOf(id)}[data-drawn]`).waitFor({ timeout: TIMEOUT_MS });
    const affected = FIGURE_CHARTS.filter((id) => id !== 'overview').map(selectorOf); // the heatmap has no platform toggle
    const out: number[] = [];
    for (let i = 0; i < TOGGLES; i++) {
      await page.waitForTimeout(100); // let the previous redraw settle: each click is timed on its own
      out.push(
        (await page.evaluate(`(async () => {
        ${WAIT}
        const sels = ${JSON.stringify(affected)};
        const count = (s) => Number(document.querySelector(s).getAttribute('data-drawn'));
        const before = sels.map(count);
        const box = document.querySelector(${JSON.stringify(`input[aria-label="Show ${platform}"]`)});
        const start = performance.now();
        box.click();
        await waitFor(() => sels.every((s, i) => count(s) > before[i]), ${TIMEOUT_MS});
        return performance.now() - start;
      })()`)) as number,
      );
    }
    return out;
  } finally {
    await page.close();
  }
}

export async function run(): Promise<object> {
  const dir = mkdtempSync(join(tmpdir(), 'vl-bench-ui-'));
  const t0 = performance.now();
  const fx = buildResultsDb(join(dir, 'virtlab.db'), { repetitions: Math.ceil(RUNS / RUNS_PER_REPETITION) });
  const buildMs = performance.now() - t0;
  const browser = await launchChromium();
  let served: Served | undefined;
  try {
    const loads: Load[] = [];
    for (let i = 0; i < PAGE_LOADS; i++) {
      await served?.close();
      served = await serveDataDir(dir);
      loads.push(await firstDraw(browser, served));
    }
    const drawMs = median(loads.map((l) => l.allChartsMs));
    const firstChartMs = median(loads.map((l) => l.firstChartMs));
    const toggleTimes = await toggles(browser, served!, 'kvm');
    const toggleMs = median(toggleTimes);
    const round = (v: number) => Math.round(v);
    const ratio = (v: number, target: number) => Number((v / target).toFixed(2));
    const result = {
      runs: fx.runs,
      metrics: fx.metrics,
      charts: FIGURE_CHARTS.length,
      buildDbMs: round(buildMs),
      firstDrawMs: round(drawMs),
      firstDrawRunsMs: loads.map((l) => round(l.allChartsMs)),
      firstChartMs: round(firstChartMs),
      campaignsAnsweredMs: round(median(loads.map((l) => l.campaignsMs))),
      dataAnsweredMs: round(median(loads.map((l) => l.dataMs))),
      drawAfterDataMs: round(median(loads.map((l) => l.allChartsMs - l.dataMs))),
      mainThreadBusyMs: round(median(loads.map((l) => l.busyMs))),
      mainThreadBusyRunsMs: loads.map((l) => round(l.busyMs)),
      mainThreadScriptMs: round(median(loads.map((l) => l.scriptMs))),
      loadAverage: Number((loadavg()[0] ?? 0).toFixed(1)),
      firstDrawTargetMs: TARGET_DRAW_MS,
      firstDrawRatio: ratio(drawMs, TARGET_DRAW_MS),
      firstDrawOk: drawMs < TARGET_DRAW_MS,
      toggleRedrawMedianMs: round(toggleMs),
      toggleRedrawMaxMs: round(Math.max(...toggleTimes)),
      toggleRedrawRunsMs: toggleTimes.map(round),
      toggleCharts: FIGURE_CHARTS.length - 1,
      toggleTargetMs: TARGET_TOGGLE_MS,
      toggleRatio: ratio(toggleMs, TARGET_TOGGLE_MS),
      toggleOk: toggleMs < TARGET_TOGGLE_MS,
    };
    console.log(`Compare on ${fx.runs} runs (${fx.metrics} metrics):`);
    console.log(
      `  first draw, click to all ${result.charts} charts finished: median ${result.firstDrawMs} ms of ${PAGE_LOADS} cold page loads ` +
        `[${result.firstDrawRunsMs.join(', ')}] (target < ${TARGET_DRAW_MS} ms, ratio ${result.firstDrawRatio}, ${result.firstDrawOk ? 'ok' : 'MISSED'}); first chart ${result.firstChartMs} ms`,
    );
    console.log(
      `  of which: campaign list answered at ${result.campaignsAnsweredMs} ms, last dataset at ${result.dataAnsweredMs} ms, the page's drawing after it ${result.drawAfterDataMs} ms (medians)`,
    );
    console.log(
      `  the page's main thread busy meanwhile (its CPU time): median ${result.mainThreadBusyMs} ms [${result.mainThreadBusyRunsMs.join(', ')}], of which scripts ${result.mainThreadScriptMs} ms; load average ${result.loadAverage}`,
    );
    console.log(
      `  platform toggle, click to all ${result.toggleCharts} affected charts finished: median ${result.toggleRedrawMedianMs} ms, max ${result.toggleRedrawMaxMs} ms ` +
        `of ${TOGGLES} (target < ${TARGET_TOGGLE_MS} ms, ratio ${result.toggleRatio}, ${result.toggleOk ? 'ok' : 'MISSED'})`,
    );
    return result;
  } finally {
    await browser.close();
    await served?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
