// The operational pages on a fresh data folder: empty states, keyboard use, field-level problems, a refused
// connection explained, bulk and ssh_config previews, and the theme kept across a reload.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../lab/api.ts';
import { screenshotPath } from './support/browser.ts';
import type { Started } from './support/npm-start.ts';
import { openApp } from './support/open-app.ts';

let started: Started;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'vl-e2e-pages-'));

const heading = () => page.getByRole('heading', { level: 1 }).first().textContent();
const nav = async (label: string) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label, exact: true }).click();
  await expect.poll(heading).toBe(label);
};

beforeAll(async () => {
  ({ started, browser, page } = await openApp(dataDir, { width: 1280, height: 860 }, errors));
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
});

describe('pages on a fresh data folder', () => {
  it('say what is missing and how to add it', async () => {
    await nav('Lab');
    await page.getByText('No hosts yet').waitFor();
    await nav('Scenarios');
    await page.getByText('No scenario saved yet').waitFor();
    await nav('Runs');
    await page.getByText('No campaign yet').waitFor();
    await page.screenshot({ path: screenshotPath('pages-runs-empty'), fullPage: true });
    await nav('Settings');
    await page.getByText('No host key recorded yet').waitFor();
    await page.getByText('No secret stored').waitFor();
    await page.screenshot({ path: screenshotPath('pages-settings-empty'), fullPage: true });
  });

  it('can be reached from the keyboard alone', async () => {
    await nav('Lab');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Lab', exact: true }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(heading).toBe('Scenarios');
    // The wizard opens from the keyboard and its first field has a label.
    await page.getByRole('button', { name: 'New scenario…' }).focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Scenario name').waitFor();
    await page.getByRole('button', { name: 'Close wizard' }).click();
  });

  it('explains scenario problems next to the field, from the core', async () => {
    await page.getByRole('button', { name: 'New scenario…' }).click();
    await page.getByLabel('Scenario name').fill('bad/name');
    const name = page.getByLabel('Scenario name');
    await expect.poll(() => name.getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
    const describedBy = (await name.getAttribute('aria-describedby'))!.split(' ');
    const texts = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(texts.join(' ')).toMatch(/use letters, digits, spaces/);
    await page.getByRole('button', { name: /Review/ }).click();
    await page.getByText(/The scenario has \d+ problem/).waitFor();
    await page.screenshot({ path: screenshotPath('pages-wizard-problems'), fullPage: true });
    await page.getByRole('button', { name: 'Close wizard' }).click();
  });

  it('explains a refused connection in the add-host wizard', async () => {
    const inv = loadInventory();
    await nav('Lab');
    await page.getByRole('button', { name: 'Add host…' }).click();
    const wizard = page.getByRole('dialog', { name: /Add a host/ });
    await wizard.getByRole('button', { name: 'Test connection' }).click();
    // Empty required fields are named at once, before anything is sent.
    await wizard.getByText('A name is required').waitFor();
    await wizard.getByText('An address is required').waitFor();
    await wizard.getByLabel('Name', { exact: true }).fill('closed-port');
    // A lab host's address on a port nothing listens on: the check fails and says why.
    await wizard.getByLabel('Address', { exact: true }).fill(inv.hosts[0]!.address);
    await wizard.getByLabel('Port').fill('2');
    await wizard.getByLabel('Private key path').fill(inv.keyPath);
    await wizard.getByRole('button', { name: 'Test connection' }).click();
    const failed = wizard.getByTestId('check-failed');
    await failed.waitFor({ timeout: 40_000 });
    expect(await failed.textContent()).toMatch(/unreachable.*(refused|ECONNREFUSED)/i);
    await page.screenshot({ path: screenshotPath('pages-wizard-refused'), fullPage: true });
    await wizard.getByRole('button', { name: 'Cancel and remove' }).click();
    await page.getByText('No hosts yet').waitFor();
  });

  it('previews a bulk range and an ssh_config import before saving anything', async () => {
    await page.getByRole('button', { name: 'Add by range…' }).click();
    const bulk = page.getByRole('dialog', { name: 'Add hosts by range' });
    await bulk.getByLabel('Names').fill('node[01-64]');
    await bulk.getByLabel('Address pattern').fill('10.0.0.{n+10}');
    const rows = bulk.getByTestId('bulk-preview').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(64);
    expect(await rows.nth(63).textContent()).toContain('10.0.0.74');
    await bulk.getByRole('button', { name: 'Add 64 host(s)' }).waitFor();
    await page.screenshot({ path: screenshotPath('pages-bulk-preview'), fullPage: true });
    await bulk.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Import ~/.ssh/config…' }).click();
    const imp = page.getByRole('dialog', { name: 'Import from an SSH config' });
    await imp
      .getByLabel('…or paste its text')
      .fill(
        'Host bastion\n  HostName 10.9.0.1\n  User ops\nHost node01\n  HostName 10.9.0.11\n  User bench\n  ProxyJump bastion\nHost *\n  ServerAliveInterval 30\n',
      );
    await imp.getByRole('button', { name: 'Preview' }).click();
    const preview = imp.getByTestId('import-preview');
    await preview.waitFor();
    expect(await preview.locator('tbody tr').count()).toBe(2);
    expect(await preview.textContent()).toContain('bastion');
    await page.screenshot({ path: screenshotPath('pages-import-preview'), fullPage: true });
    await imp.getByRole('button', { name: 'Cancel' }).click();
    // Nothing was saved by either preview.
    await page.getByText('No hosts yet').waitFor();
  });

  it('keeps the dark theme across a reload', async () => {
    await nav('Settings');
    await page.getByRole('radio', { name: 'Dark' }).check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.reload();
    await page.getByTestId('core-version').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await nav('Settings');
    await page.screenshot({ path: screenshotPath('pages-settings-dark'), fullPage: true });
    await page.getByRole('radio', { name: 'Light' }).check();
  });

  it('raised no page error', () => {
    expect(errors).toEqual([]);
  });
});
