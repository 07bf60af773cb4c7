// `npm start` on a data folder, the UI opened in Chromium and waited for until the core answered: how every journey begins.
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { npmStart, type Started } from './npm-start.ts';

export interface OpenedApp {
  started: Started;
  browser: Browser;
  page: Page;
}

/** Page errors are pushed to `errors`, so a test can assert at its end that none happened. */
export async function openApp(dataDir: string, viewport: { width: number; height: number }, errors: string[]): Promise<OpenedApp> {
  const started = await npmStart(dataDir);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport });
  page.on('pageerror', (e) => errors.push(e.message));
  // A loaded machine (other suites, VMs) can take more than the default 30 s to serve the first page.
  await page.goto(started.url, { timeout: 120_000 });
  await page.getByTestId('core-version').waitFor({ timeout: 60_000 });
  return { started, browser, page };
}
