// Manual acceptance run, not part of CI (it unpacks the 700 MB benchmark image on two hosts, boots TCG VMs with --vm,
// and runs a campaign for several minutes): a scenario made and run in the UI wizard in Chromium, through the served
// UI and core (`npm start`), as a user would. On lab instance yf (10.249): native vs Charliecloud (and with --vm a
// plain-QEMU TCG VM platform), netperf TCP_RR + TCP_STREAM, IOzone writer/reader and NPB EP serial, 2 repetitions;
// screenshots of the provider step, the Review, the Runs page while platforms are prepared and while runs go, the
// finished campaign, Compare and the report's first pages (test-results/ui-campaign-*.png).
//   node bin/run-ts.mjs test/e2e/acceptance/platforms-campaign.ts [--vm]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { knownHostsFile } from '../../../main/config/data-dir.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { labDown, labUp } from '../../lab/api.ts';
import { LAB_IMAGE_DIR, labImage } from '../../lab/images.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { labDataDir } from '../../main/campaigns/support/lab-campaign.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';
import { RESULTS_DIR, screenshotPath } from '../support/browser.ts';
import { openApp } from '../support/open-app.ts';

const config = LAB_INSTANCES.uiCampaign;
const withVm = process.argv.includes('--vm');
const VM_STATE = '/var/lib/virtlab-lab/ui-campaign-vms';
const errors: string[] = [];
const t0 = Date.now();
const say = (line: string) => console.log(`[${Math.round((Date.now() - t0) / 1000)} s] ${line}`);

async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: screenshotPath(`ui-campaign-${name}`), fullPage });
  say(`screenshot ${screenshotPath(`ui-campaign-${name}`)}`);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number, everyMs = 1000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function main(): Promise<void> {
  const inv = await labUp({ hosts: 2, config });
  const data = await labDataDir(2, config);
  const npb = npbTestTarball();
  let app: Awaited<ReturnType<typeof openApp>> | undefined;
  try {
    copyFileSync(inv.knownHostsPath, knownHostsFile(data.dir));
    process.env.VIRTLAB_NPB_SOURCE = npb;
    const archive = (await labImage('base')).path;
    if (withVm) await labImage('vm');
    app = await openApp(data.dir, { width: 1440, height: 900 }, errors);
    const { page } = app;
    say(`UI at ${app.started.url.replace(/#token=.*/, '#token=…')}, data folder ${data.dir}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios', exact: true }).click();
    await page.getByRole('button', { name: 'New scenario…' }).click();
    await page.getByLabel('Scenario name').fill(withVm ? 'native vs charliecloud vs qemu' : 'native vs charliecloud');
    await page.getByRole('checkbox', { name: /^native — / }).check();

    // The provider step: technology, provider, then the provider's settings.
    await page.getByRole('button', { name: 'Define a platform…' }).click();
    let form = page.getByRole('group', { name: 'Define a platform' });
    await form.getByLabel('Platform name').fill('charliecloud');
    await form.getByLabel('Technology').selectOption('os-level');
    await form.getByLabel('Provider').selectOption('charliecloud');
    await form.getByLabel('Image archive').fill(archive);
    for (const h of inv.hosts) await form.getByRole('checkbox', { name: h.name, exact: true }).check();
    await form.scrollIntoViewIfNeeded();
    await shot(page, '01-provider-step', false);
    await form.getByRole('button', { name: 'Define platform' }).click();
    await form.waitFor({ state: 'hidden' });

    if (withVm) {
      await page.getByRole('button', { name: 'Define a platform…' }).click();
      form = page.getByRole('group', { name: 'Define a platform' });
      await form.getByLabel('Platform name').fill('qemu-tcg');
      await form.getByLabel('Technology').selectOption('full-virt');
      await form.getByLabel('Provider').selectOption('qemu');
      const vm = form.getByRole('group', { name: /QEMU virtual machines: settings/ });
      await vm.getByLabel('vCPUs').fill('1');
      await vm.getByLabel('Memory MiB').fill('1024');
      await vm.getByLabel('Accelerator').selectOption('tcg');
      await vm.getByRole('checkbox', { name: 'Allow TCG' }).check();
      // Routed with proxy ARP, as the QEMU lab test: the VM's /16 makes every lab address on-link.
      await vm.getByLabel('Addresses').fill(`10.${config.octet}.1.3, 10.${config.octet}.2.3`);
      await vm.getByLabel('Prefix length').fill('16');
      await vm.getByLabel('Authorized keys').fill(readFileSync(`${inv.keyPath}.pub`, 'utf8').trim());
      await vm.getByLabel('Boot timeout sec').fill('1200');
      await vm.getByLabel('State dir').fill(VM_STATE);
      await vm.getByLabel('Image dir').fill(LAB_IMAGE_DIR);
      for (const h of inv.hosts) await form.getByRole('checkbox', { name: h.name, exact: true }).check();
      await vm.scrollIntoViewIfNeeded();
      await shot(page, '02-vm-settings', false);
      await form.getByRole('button', { name: 'Define platform' }).click();
      await form.waitFor({ state: 'hidden' });
    }

    await page.getByRole('button', { name: 'Next: Benchmarks' }).click();
    await page.getByRole('button', { name: 'Next: Parameters' }).click();
    await page.getByLabel('TCP_RR message sizes (bytes)').fill('1');
    await page.getByLabel('Seconds per point').fill('1');
    await page.getByLabel('File sizes (KiB)').fill('1024');
    for (const k of ['BT', 'CG', 'FT', 'IS', 'LU', 'MG', 'SP', 'C', 'OpenMP', 'MPI']) await page.getByRole('checkbox', { name: k, exact: true }).uncheck();
    await page.getByRole('checkbox', { name: 'S', exact: true }).check();
    await page.getByRole('button', { name: 'Next: Execution' }).click();
    await page.getByLabel('Repetitions').fill('2');
    await page.getByLabel('Run timeout (s)').fill(withVm ? '1800' : '600');
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await page.getByTestId('plan-setup').waitFor({ timeout: 60_000 });
    say(`plan: ${await page.getByTestId('plan-runs').textContent()}; setup: ${(await page.getByTestId('plan-setup').innerText()).replace(/\s+/g, ' ')}`);
    await shot(page, '03-review');

    await page.getByRole('button', { name: 'Save and start' }).click();
    await until('the Runs page', async () => (await page.getByRole('heading', { level: 1 }).first().textContent()) === 'Runs', 30_000);
    await page.getByTestId('campaign-title').waitFor({ timeout: 30_000 });
    const prep = page.getByTestId('platform-preparation');
    await prep.waitFor({ timeout: 300_000 });
    await page.waitForTimeout(3000);
    say(`preparation: ${(await prep.innerText()).replace(/\s+/g, ' ')}`);
    await shot(page, '04-runs-preparing');
    if (withVm) {
      // The VMs' boot: shown while it goes.
      await until('the VM platform preparing', async () => (await page.getByTestId('preparation-qemu-tcg').count()) > 0, 1_800_000, 3000);
      await page.waitForTimeout(20_000);
      await shot(page, '05-runs-vm-booting');
    }
    const progress = page.getByRole('progressbar', { name: 'Campaign progress' });
    await until('a third of the runs', async () => Number(await progress.getAttribute('aria-valuenow')) >= 33, 3_600_000, 3000);
    await shot(page, '06-runs-running');
    await until(
      'the campaign to end',
      async () =>
        /done|failed|cancelled/.test((await page.getByTestId('campaign-title').textContent()) ?? '') || (await page.getByTestId('pause-reason').count()) > 0,
      3_600_000,
      5000,
    );
    await page.waitForTimeout(2000);
    await shot(page, '07-runs-done');
    say(`campaign: ${await page.getByTestId('campaign-title').textContent()} ${await page.getByTestId('campaign-counts').innerText()}`);

    await page.getByRole('button', { name: 'Compare results' }).click();
    await until('Compare', async () => (await page.getByRole('heading', { level: 1 }).first().textContent()) === 'Compare', 30_000);
    await until(
      'every chart drawn',
      async () => page.locator('[data-testid^="chart-"]').evaluateAll((els) => els.length > 0 && els.every((e) => e.hasAttribute('data-drawn'))),
      120_000,
    );
    await shot(page, '08-compare');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Reports', exact: true }).click();
    await page.getByRole('button', { name: 'Export PDF' }).click();
    await page.getByTestId('report-exported').waitFor({ timeout: 300_000 });
    const pdf = (await page.getByTestId('report-exported').locator('code').innerText()).trim();
    execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '4', pdf, join(RESULTS_DIR, 'ui-campaign-report')]);
    say(
      `report ${pdf}: ${/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]} pages, first four as ${join(RESULTS_DIR, 'ui-campaign-report-*.png')}`,
    );

    // What the campaign stored: every run's state by platform, and what each run's facts say it ran in.
    const db = openDatabase({ path: data.dbPath, readonly: true });
    try {
      const rows = db
        .prepare(
          `SELECT p.name AS platform, r.benchmark, r.state, r.error, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id
        LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = 1 ORDER BY r.id`,
        )
        .all() as { platform: string; benchmark: string; state: string; error: string | null; facts: string | null }[];
      const tally = new Map<string, number>();
      for (const r of rows) {
        const v = (JSON.parse(r.facts ?? '{}') as { virtualization?: { container?: string | null; vm?: string | null } }).virtualization;
        const key = `${r.platform} ${r.benchmark} ${r.state} (ran in: ${v?.container ?? v?.vm ?? 'none'})${r.error ? ` ${r.error.slice(0, 120)}` : ''}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
      }
      for (const [k, n] of tally) say(`  ${n} x ${k}`);
      const left = db.prepare("SELECT platform, kind, handle, state FROM platform_resources WHERE state <> 'removed'").all();
      say(`ledger entries not removed: ${JSON.stringify(left)}`);
      assert.deepEqual(
        rows.filter((r) => r.state !== 'done').map((r) => [r.platform, r.benchmark, r.state, r.error]),
        [],
      );
    } finally {
      db.close();
    }
    assert.deepEqual(errors, []);
    say('acceptance run passed');
  } finally {
    await app?.browser.close();
    await app?.started.stop();
    data.cleanup();
    rmSync(npb, { force: true });
    if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
