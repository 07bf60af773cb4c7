// The user's journey in Chromium through the bridge, against the real lab: add two hosts and their guests through
// the wizard (answering the host key question with the fingerprint the lab recorded), describe a native vs container
// scenario with netperf, IOzone and NPB, run it, watch it reach 100%, open Compare, export the PDF.
// Steps run in order; each one is its own test so a report says exactly how far the journey got.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory, type LabInventory } from '../lab/api.ts';
import { screenshotPath } from './support/browser.ts';
import type { Started } from './support/npm-start.ts';
import { openApp } from './support/open-app.ts';
import { figureNumbers, waitForCharts } from './support/results-bridge.ts';
import { npbTestTarball } from '../support/npb-tarball.ts';

let started: Started;
let browser: Browser;
let page: Page;
let inv: LabInventory;
const errors: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'vl-e2e-journey-'));
const SCENARIO = 'native vs container';

const shot = (name: string) => page.screenshot({ path: screenshotPath(`journey-${name}`), fullPage: true });
const nav = async (label: string) => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: label, exact: true }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe(label);
};

const npbTarball = npbTestTarball;

beforeAll(async () => {
  inv = loadInventory();
  // The core's campaigns build NPB from this source (what a user sets to their NPB tarball or its URL).
  process.env.VIRTLAB_NPB_SOURCE = npbTarball();
  ({ started, browser, page } = await openApp(dataDir, { width: 1440, height: 900 }, errors));
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
});

interface Added {
  name: string;
  address: string;
  fingerprint: string;
  guestOf?: string;
}

async function addThroughWizard(h: Added): Promise<void> {
  await page.getByRole('button', { name: 'Add host…' }).click();
  const wizard = page.getByRole('dialog', { name: /Add a host/ });
  await wizard.getByLabel('Name', { exact: true }).fill(h.name);
  await wizard.getByLabel('Address', { exact: true }).fill(h.address);
  await wizard.getByLabel('User', { exact: true }).fill(inv.user);
  await wizard.getByLabel('Authentication').selectOption('key');
  await wizard.getByLabel('Private key path').fill(inv.keyPath);
  if (h.guestOf) {
    await wizard.getByLabel('Guest (VM or container) on a host').check();
    await wizard.getByLabel('Runs on').selectOption(h.guestOf);
    await wizard.getByLabel('Kind of guest').selectOption('namespace');
  }
  await wizard.getByRole('button', { name: 'Test connection' }).click();
  // First contact: the core asks; the dialog shows the key's SHA256 fingerprint, which must be the lab's.
  const prompt = page.getByRole('dialog', { name: 'Trust this host key?' });
  await prompt.waitFor({ timeout: 30_000 });
  expect(await prompt.getByTestId('host-key-fingerprint').textContent()).toBe(h.fingerprint);
  if (h.name === 'vl-h01') await shot('03-host-key-prompt');
  await prompt.getByRole('button', { name: 'Accept and remember' }).click();
  await wizard.getByTestId('check-ok').waitFor({ timeout: 30_000 });
  await wizard.getByTestId('facts').waitFor({ timeout: 60_000 });
  if (h.name === 'vl-h01') await shot('04-wizard-facts');
  await wizard.getByRole('button', { name: 'Done' }).click();
  await wizard.waitFor({ state: 'hidden' });
}

describe('journey', () => {
  it('shows the empty Lab with a way to start', async () => {
    await nav('Lab');
    await page.getByText('No hosts yet').waitFor();
    await shot('01-lab-empty');
  });

  it('adds two hosts and their guests through the wizard, accepting each host key', async () => {
    const hosts = inv.hosts.slice(0, 2);
    expect(hosts.length).toBe(2);
    for (const h of hosts) await addThroughWizard({ name: h.name, address: h.address, fingerprint: h.hostKeyFingerprint });
    for (const h of hosts) {
      const g = inv.guests.find((x) => x.host === h.name)!;
      expect(g.port).toBe(22);
      await addThroughWizard({ name: g.name, address: g.address, fingerprint: g.hostKeyFingerprint, guestOf: h.name });
    }
    const table = page.getByTestId('hosts-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(4);
    // Every endpoint reachable, with its facts.
    await expect.poll(() => table.getByText('reachable').count(), { timeout: 60_000 }).toBe(4);
    // The lab's "hosts" share this machine's container, so declaring them bare metal is a contradiction the Lab shows.
    await expect.poll(() => table.getByText('contradiction').count(), { timeout: 60_000 }).toBe(2);
    await expect.poll(() => table.getByText('as declared').count()).toBe(2);
    await page.getByTestId('hosts-table').locator('tbody tr').first().click();
    await page.getByTestId('contradiction').waitFor();
    await shot('02-lab-hosts');
  });

  it('lists the accepted keys in Settings with their fingerprints', async () => {
    await nav('Settings');
    const known = page.getByTestId('known-hosts');
    await known.waitFor();
    for (const e of [...inv.hosts.slice(0, 2), ...inv.guests.filter((g) => ['vl-h01', 'vl-h02'].includes(g.host))]) {
      expect(await known.getByText(e.hostKeyFingerprint).count()).toBeGreaterThan(0);
    }
    expect(await page.getByTestId('data-dir').textContent()).toBe(dataDir);
    await shot('05-settings');
  });

  it('describes native vs container with netperf, IOzone and NPB and reviews the plan', async () => {
    await nav('Scenarios');
    await page.getByText('No scenario saved yet').waitFor();
    await page.getByRole('button', { name: 'New scenario…' }).click();
    await page.getByLabel('Scenario name').fill(SCENARIO);
    const define = async (name: string, technology: string, product: string, endpoints: (string | RegExp)[]) => {
      await page.getByRole('button', { name: 'Define a platform…' }).click();
      const form = page.getByRole('group', { name: 'Define a platform' });
      await form.getByLabel('Platform name').fill(name);
      await form.getByLabel('Technology').selectOption(technology);
      await form.getByLabel('Product').fill(product);
      for (const e of endpoints) await form.getByRole('checkbox', { name: e, exact: typeof e === 'string' }).check();
      await form.getByRole('button', { name: 'Define platform' }).click();
      await form.waitFor({ state: 'hidden' });
    };
    await define('native', 'native', 'bare metal', ['vl-h01', 'vl-h02']);
    await define('container', 'os-level', 'namespace', [/vl-h01-g \(/, /vl-h02-g \(/]);
    expect(await page.getByLabel('Baseline').inputValue()).toBe('native');
    await shot('06-wizard-platforms');

    await page.getByRole('button', { name: 'Next: Benchmarks' }).click();
    await page.getByRole('button', { name: 'Next: Parameters' }).click();
    // Small parameters so the campaign runs in a few minutes on the lab's shared 2 cores.
    await page.getByLabel('TCP_RR message sizes (bytes)').fill('1, 1024');
    await page.getByLabel('Seconds per point').fill('1');
    await page.getByLabel('File sizes (KiB)').fill('1024, 3000');
    // An invalid size is explained next to its field, from the core's validation.
    await page.getByText('item 2: must be a power of two').waitFor();
    await shot('07-wizard-invalid');
    await page.getByLabel('File sizes (KiB)').fill('1024, 4096');
    for (const k of ['BT', 'CG', 'FT', 'LU', 'MG', 'SP']) await page.getByRole('checkbox', { name: k, exact: true }).uncheck();
    await page.getByRole('checkbox', { name: 'C', exact: true }).uncheck();
    // Class W: IS class S ends under NPB's 10 ms timer resolution (a time of 0 has no ratio to native).
    await page.getByRole('checkbox', { name: 'W', exact: true }).check();
    await page.getByLabel('OpenMP threads').fill('2');
    await page.getByLabel('MPI node counts').fill('1, 2');
    await page.getByRole('button', { name: 'Next: Execution' }).click();
    await page.getByLabel('Repetitions').fill('2');
    await page.getByRole('button', { name: 'Next: Review' }).click();
    const runs = page.getByTestId('plan-runs');
    await runs.waitFor({ timeout: 30_000 });
    // 2 platforms x 2 reps x (netperf 2 RR + 1 STREAM, IOzone 2 sizes, NPB 2 kernels x (serial + omp + mpi 1,2 nodes))
    expect(await runs.textContent()).toBe(`${2 * 2 * (3 + 2 + 2 * 4)} runs`);
    expect(await page.getByTestId('plan-duration').textContent()).toMatch(/about \d/);
    await shot('08-wizard-review');
  });

  it('saves and starts the campaign, which reaches 100%', async () => {
    await page.getByRole('button', { name: 'Save and start' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent(), { timeout: 20_000 }).toBe('Runs');
    await page.getByTestId('campaign-title').waitFor({ timeout: 20_000 });
    await page.getByTestId('runs-table').waitFor({ timeout: 60_000 });
    await shot('09-runs-live');
    const progress = page.getByRole('progressbar', { name: 'Campaign progress' });
    await expect.poll(() => progress.getAttribute('aria-valuenow'), { timeout: 900_000, interval: 5_000 }).toBe('100');
    await expect.poll(() => page.getByTestId('campaign-title').textContent(), { timeout: 30_000 }).toMatch(/done/);
    await shot('10-runs-done');
    // Every run succeeded: each figure below has data from both platforms.
    expect(await page.getByTestId('campaign-counts').locator('span').nth(1).textContent()).toBe('0 failed');
  }, 960_000);

  it('opens Compare with every figure drawn from data and exports the PDF', async () => {
    await page.getByRole('button', { name: 'Compare results' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toBe('Compare');
    await waitForCharts(page);
    for (const table of await figureNumbers(page)) {
      for (const platform of ['native', 'container']) expect(table).toContain(platform);
    }
    await shot('11-compare');
    await nav('Reports');
    await page.getByRole('button', { name: 'Export PDF' }).click();
    await page.getByTestId('report-exported').waitFor({ timeout: 180_000 });
    const pdf = (await page.getByTestId('report-exported').locator('code').innerText()).trim();
    expect(existsSync(pdf)).toBe(true);
    expect(Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])).toBeGreaterThan(3);
    await shot('12-reports');
  }, 300_000);

  it('raised no page error on the way', () => {
    expect(errors).toEqual([]);
  });
});
