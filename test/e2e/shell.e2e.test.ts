// `npm start` on a machine without Electron's binary: one plain sentence, then the UI through the bridge.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOpenPage } from '../../main/cli/open-in-browser.ts';
import { findElectronBinary } from '../../main/config/electron-binary.ts';
import { launchChromium, screenshotPath } from './support/browser.ts';
import { npmStart, type Started } from './support/npm-start.ts';

let started: Started;
let browser: Browser;
const dataDir = mkdtempSync(join(tmpdir(), 'vl-e2e-shell-'));

beforeAll(async () => {
  started = await npmStart(dataDir);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await started?.stop();
});

describe('npm start without Electron', () => {
  it('says so in one sentence and prints the bridge address', () => {
    expect(findElectronBinary().found).toBe(false);
    const lines = started.output
      .trim()
      .split('\n')
      .filter((l) => l.includes('127.0.0.1'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Electron's binary is not installed on this machine, so VirtLab serves the same UI in your browser at http:\/\/127\.0\.0\.1:\d+\/#token=/,
    );
  });

  it('shows the shell with the core version and database path in Chromium', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(started.url);
    await expect.poll(() => page.getByTestId('core-version').textContent()).toMatch(/VirtLab core \d+\.\d+\.\d+/);
    expect(await page.getByTestId('database-path').textContent()).toBe(`Database: ${join(dataDir, 'virtlab.db')}`);
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token=');
    for (const label of ['Lab', 'Scenarios', 'Runs', 'Compare', 'Reports', 'Settings']) {
      await page.getByRole('button', { name: label, exact: true }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe(label);
    }
    await page.getByRole('button', { name: 'Lab', exact: true }).click();
    await page.screenshot({ path: screenshotPath('npm-start-shell'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reaches the shell through the private page a browser is handed instead of the address (token in no argv)', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // The page npm start gives xdg-open when there is a display: its path is all the browser's arguments carry.
    const file = writeOpenPage(dataDir, started.url);
    await page.goto(pathToFileURL(file).href);
    await expect.poll(() => page.getByTestId('core-version').textContent()).toMatch(/VirtLab core \d+\.\d+\.\d+/);
    expect(page.url().startsWith(new URL(started.url).origin)).toBe(true);
    expect(page.url()).not.toContain('token=');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refuses the API to a page that lacks the token', async () => {
    const page = await browser.newPage();
    const origin = new URL(started.url).origin;
    await page.goto(origin + '/');
    const status = await page.evaluate(
      async () => (await fetch('/api/rpc/app.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    );
    expect(status).toBe(401);
    await page.close();
  });
});
