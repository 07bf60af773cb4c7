// Manual acceptance run of issues 11 and 12, not part of CI (it unpacks or imports the 700 MB benchmark image on two
// hosts, boots TCG VMs with --vm, and runs a campaign for 10-40 minutes): a scenario made and run in the UI wizard in
// Chromium, through the served UI and core (`npm start`), as a user would, on lab instance yf (10.249):
// - default: native vs Charliecloud;
// - --containers: native vs Podman bridge, Podman slirp4netns, Docker bridge, LXC and Charliecloud;
// - --vm: native vs Charliecloud vs a plain-QEMU TCG VM per host (NPB over MPI on 1 and 2 hosts too).
// Every platform is named ui-…; --reps N (default 2). Screenshots of each provider's settings, the Review, the Runs page
// while platforms are prepared and while runs go, the finished campaign, Compare (each figure) and the report's first
// pages (test-results/ui-campaign-*.png). Asserts every run done, no page error, an empty resource ledger and each
// host as before (the runtimes' own lists, links, routes, firewall, forwarding, guest folders).
//   node bin/run-ts.mjs test/e2e/acceptance/platforms-campaign.ts [--containers | --vm] [--reps N]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { knownHostsFile } from '../../../main/config/data-dir.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { execIn, labDown, labUp } from '../../lab/api.ts';
import { mountCgroups } from '../../lab/cgroups.ts';
import { dockerDown, dockerUp } from '../../lab/docker.ts';
import { hostState as labHostState } from '../../lab/host-state.ts';
import { LAB_IMAGE_DIR, labImage } from '../../lab/images.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { labDataDir } from '../../main/campaigns/support/lab-campaign.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';
import { RESULTS_DIR, screenshotPath } from '../support/browser.ts';
import { openApp } from '../support/open-app.ts';

const config = LAB_INSTANCES.uiCampaign;
const withVm = process.argv.includes('--vm');
const withContainers = process.argv.includes('--containers');
const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const REPS = Number(argOf('--reps') ?? 2);
const VM_STATE = '/var/lib/virtlab-lab/ui-campaign-vms';
// Every platform this script makes is named ui-…, so nothing clashes with the CLI acceptance run's containers and
// networks in the runtimes' lists this machine shares (Podman's storage and network configs, LXC's path).
const CH = 'ui-charliecloud';
const OWN = 'grep -E "virtlab-c[0-9]+-ui-" || true';
const LISTS = [
  `podman ps -a --format "{{.Names}}" 2>/dev/null | ${OWN}`,
  `podman network ls --format "{{.Name}}" 2>/dev/null | ${OWN}`,
  'docker ps -a --format "{{.Names}}" 2>/dev/null',
  'docker network ls --format "{{.Name}}" 2>/dev/null',
  'docker images --format "{{.Repository}}:{{.Tag}}" 2>/dev/null',
  `lxc-ls -1 2>/dev/null | ${OWN}`,
  'ls -A "$HOME/.virtlab/images" 2>/dev/null',
  'pgrep -a qemu-system | grep -F ui-campaign-vms || true',
].join('; ');
const errors: string[] = [];
// Checks that fail are said at once and failed at the end, so the screenshots of Compare and the report are still made.
const problems: string[] = [];
const soft = (check: () => void) => {
  try {
    check();
  } catch (e) {
    problems.push((e as Error).message);
    console.error(`CHECK FAILED: ${(e as Error).message}`);
  }
};
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

/** The wizard's provider step: name, technology, provider, the provider's own settings (filled by `fill`), hosts; a
 * screenshot of the settings as filled, then Define (a refusal is thrown with the core's message). */
async function definePlatform(
  page: Page,
  hosts: string[],
  p: { name: string; technology: string; provider: string; title: RegExp; shot: string },
  fill: (settings: Locator) => Promise<void>,
): Promise<void> {
  await page.getByRole('button', { name: 'Define a platform…' }).click();
  const form = page.getByRole('group', { name: 'Define a platform' });
  await form.getByLabel('Platform name').fill(p.name);
  await form.getByLabel('Technology').selectOption(p.technology);
  await form.getByLabel('Provider').selectOption(p.provider);
  const settings = form.getByRole('group', { name: p.title });
  await fill(settings);
  for (const h of hosts) await form.getByRole('checkbox', { name: h, exact: true }).check();
  await settings.scrollIntoViewIfNeeded();
  await form.screenshot({ path: screenshotPath(`ui-campaign-${p.shot}`) });
  say(`screenshot ${screenshotPath(`ui-campaign-${p.shot}`)}`);
  await form.getByRole('button', { name: 'Define platform' }).click();
  const refused = form.locator('p.error[role="alert"]');
  await Promise.race([
    form.waitFor({ state: 'hidden' }),
    refused.waitFor().then(async () => {
      throw new Error(`platform ${p.name} refused: ${await refused.textContent()}`);
    }),
  ]);
  await page.getByRole('checkbox', { name: new RegExp(`^${p.name} — `) }).check();
}

async function main(): Promise<void> {
  const inv = await labUp({ hosts: 2, config });
  const data = await labDataDir(2, config);
  const npb = npbTestTarball();
  const hostNames = inv.hosts.map((h) => h.name);
  let app: Awaited<ReturnType<typeof openApp>> | undefined;
  try {
    copyFileSync(inv.knownHostsPath, knownHostsFile(data.dir));
    process.env.VIRTLAB_NPB_SOURCE = npb;
    const base = await labImage('base');
    const archive = base.path;
    if (withVm) await labImage('vm');
    if (withContainers) {
      // Podman's runtime needs cgroup mounts in the hosts' own mount namespace; Docker a daemon per host (lab helpers).
      for (const h of inv.hosts) await mountCgroups(h);
      await dockerUp(config, inv);
      const has = await execIn(inv.hosts[0]!, ['sh', '-c', 'podman image exists "$1" && echo yes || echo no', 'x', base.name]);
      if (has.trim() !== 'yes') throw new Error(`Podman has no image ${base.name}: the container acceptance run imports it`);
    }
    const hostState = async () => (await Promise.all(inv.hosts.map((h) => labHostState(h, LISTS)))).join('\n---\n');
    const before = await hostState();
    app = await openApp(data.dir, { width: 1440, height: 900 }, errors);
    const { page } = app;
    // At load 50+ (six engineers' suites, VMs) an action can wait longer than Playwright's default 30 s.
    page.setDefaultTimeout(120_000);
    say(`UI at ${app.started.url.replace(/#token=.*/, '#token=…')}, data folder ${data.dir}`);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios', exact: true }).click();
    await page.getByRole('button', { name: 'New scenario…' }).click();
    await page
      .getByLabel('Scenario name')
      .fill(withContainers ? 'native vs container runtimes' : withVm ? 'native vs charliecloud vs qemu' : 'native vs charliecloud');
    await page.getByRole('checkbox', { name: /^native — / }).check();

    if (withContainers) {
      const podman = (network: string) => async (s: Locator) => {
        await s.getByLabel('Image', { exact: true }).fill(base.name);
        await s.getByLabel('Network', { exact: true }).selectOption(network);
        // Not the default /16: the CLI acceptance run's Podman networks (same machine-wide config) take 10.89.
        await s.getByLabel('Subnet').fill('10.79.0.0/16');
      };
      const oci = { technology: 'os-level', provider: 'podman', title: /Podman containers: settings/ };
      await definePlatform(page, hostNames, { ...oci, name: 'ui-podman-bridge', shot: '01-provider-podman-bridge' }, podman('bridge'));
      await definePlatform(page, hostNames, { ...oci, name: 'ui-podman-slirp', shot: '01-provider-podman-slirp' }, podman('slirp4netns'));
      await definePlatform(
        page,
        hostNames,
        { name: 'ui-docker-bridge', technology: 'os-level', provider: 'docker', title: /Docker containers: settings/, shot: '01-provider-docker' },
        async (s) => {
          // The archive VirtLab imports under this name on each host's daemon (removed after the campaign).
          await s.getByLabel('Image', { exact: true }).fill('virtlab-ui-base:1');
          await s.getByLabel('Image archive').fill(archive);
          await s.getByLabel('Network', { exact: true }).selectOption('bridge');
          await s.getByLabel('Subnet').fill('10.80.0.0/16');
        },
      );
      await definePlatform(
        page,
        hostNames,
        { name: 'ui-lxc', technology: 'os-level', provider: 'lxc', title: /LXC.*: settings/, shot: '01-provider-lxc' },
        async (s) => {
          await s.getByLabel('Image archive').fill(archive);
          await s.getByLabel('Network', { exact: true }).selectOption('bridge');
          await s.getByLabel('Subnet').fill('10.81.0.0/16');
        },
      );
    }
    await definePlatform(
      page,
      hostNames,
      { name: CH, technology: 'os-level', provider: 'charliecloud', title: /Charliecloud.*: settings/, shot: '01-provider-charliecloud' },
      async (s) => {
        await s.getByLabel('Image archive').fill(archive);
      },
    );

    if (withVm) {
      await definePlatform(
        page,
        hostNames,
        { name: 'ui-qemu-tcg', technology: 'full-virt', provider: 'qemu', title: /QEMU virtual machines: settings/, shot: '02-vm-settings' },
        async (vm) => {
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
        },
      );
    }
    await shot(page, '01-platforms');

    await page.getByRole('button', { name: 'Next: Benchmarks' }).click();
    await page.getByRole('button', { name: 'Next: Parameters' }).click();
    // netperf TCP_RR + TCP_STREAM; IOzone writer/reader; NPB class S. Containers: a TCP_RR sweep (1, 64, 1024 B), EP and
    // IS serial + OpenMP 2 threads, no MPI: of these platforms only Podman over slirp4netns refuses MPI (since bf56530
    // LXC runs it, as Docker, Podman on a bridge and Charliecloud do), and this scenario has that platform; the CLI
    // acceptance script (containers-campaign.ts) runs their MPI campaign. VM: TCP_RR 1 B, EP serial + MPI on 1
    // and 2 hosts (a TCG guest runs each benchmark tens of times slower: the rest would not end in the session).
    // Charliecloud only: TCP_RR 1 B, EP serial.
    await page.getByLabel('TCP_RR message sizes (bytes)').fill(withContainers ? '1, 64, 1024' : '1');
    await page.getByLabel('Seconds per point').fill(withContainers || withVm ? '2' : '1');
    await page.getByLabel('File sizes (KiB)').fill(withContainers ? '4096' : '1024');
    const npbOff = ['BT', 'CG', 'FT', 'LU', 'MG', 'SP', 'C', ...(withContainers ? [] : ['IS'])];
    for (const k of npbOff) await page.getByRole('checkbox', { name: k, exact: true }).uncheck();
    await page.getByRole('checkbox', { name: 'S', exact: true }).check();
    await page.getByRole('checkbox', { name: 'OpenMP', exact: true }).setChecked(withContainers);
    await page.getByRole('checkbox', { name: 'MPI', exact: true }).setChecked(withVm);
    if (withContainers) await page.getByLabel('OpenMP threads').fill('2');
    if (withVm) await page.getByLabel('MPI node counts').fill('1, 2');
    await shot(page, '02-parameters');
    await page.getByRole('button', { name: 'Next: Execution' }).click();
    await page.getByLabel('Repetitions').fill(String(REPS));
    await page.getByLabel('Run timeout (s)').fill(withVm ? '900' : '600');
    await page.getByRole('button', { name: 'Next: Review' }).click();
    await page.getByTestId('plan-setup').waitFor({ timeout: 60_000 });
    say(`plan: ${await page.getByTestId('plan-runs').textContent()}; setup: ${(await page.getByTestId('plan-setup').innerText()).replace(/\s+/g, ' ')}`);
    await shot(page, '03-review');

    await page.getByRole('button', { name: 'Save and start' }).click();
    await page.waitForTimeout(2000);
    await shot(page, '03-starting', false);
    // The start checks every platform's hosts first (minutes at this machine's load); a refusal is said in a callout.
    const refused = page.locator('p.callout-bad[role="alert"]');
    await until(
      'the Runs page',
      async () => {
        if ((await refused.count()) > 0) {
          await shot(page, '03-start-refused');
          throw new Error(`not started: ${await refused.textContent()}`);
        }
        return (await page.getByRole('heading', { level: 1 }).first().textContent()) === 'Runs';
      },
      900_000,
    );
    await page.getByTestId('campaign-title').waitFor({ timeout: 30_000 });
    const prep = page.getByTestId('platform-preparation');
    await prep.waitFor({ timeout: 300_000 });
    await page.waitForTimeout(3000);
    say(`preparation: ${(await prep.innerText()).replace(/\s+/g, ' ')}`);
    await shot(page, '04-runs-preparing');
    if (withVm) {
      // The VMs' boot: shown while it goes.
      await until('the VM platform preparing', async () => (await page.getByTestId('preparation-ui-qemu-tcg').count()) > 0, 1_800_000, 3000);
      // Boot and enrolment: a screenshot each time the VM platform's preparation says something new, until it is ready.
      const vmPrep = page.getByTestId('preparation-ui-qemu-tcg');
      // Its lines without the running clock ("preparing for 1 min 3 s").
      const lines = async () => (await vmPrep.innerText()).replace(/preparing for[^\n]*/, '');
      let seen = '';
      for (let i = 1; i <= 8; i++) {
        await until('new VM preparation lines', async () => (await lines()) !== seen, 1_800_000, 5000);
        seen = await lines();
        say(`VM preparation: ${seen.replace(/\s+/g, ' ')}`);
        await shot(page, `05-runs-vm-${i}`, false);
        if (/ready in/.test(seen)) break;
      }
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
      soft(() => assert.deepEqual(left, []));
      soft(() =>
        assert.deepEqual(
          rows.filter((r) => r.state !== 'done').map((r) => [r.platform, r.benchmark, r.state, r.error]),
          [],
        ),
      );
    } finally {
      db.close();
    }
    const after = await hostState();
    say(after === before ? 'hosts after the campaign: as before' : `hosts after the campaign DIFFER:\nBEFORE\n${before}\nAFTER\n${after}`);
    soft(() => assert.equal(after, before));
    await page.getByRole('button', { name: 'Compare results' }).click();
    await until('Compare', async () => (await page.getByRole('heading', { level: 1 }).first().textContent()) === 'Compare', 30_000);
    await until(
      'every chart drawn',
      async () => page.locator('[data-testid^="chart-"]').evaluateAll((els) => els.length > 0 && els.every((e) => e.hasAttribute('data-drawn'))),
      120_000,
    );
    await shot(page, '08-compare');
    for (const id of ['overview', 'fig1a', 'fig1b', 'fig2', 'fig3', 'fig4']) {
      const fig = page.getByTestId(`figure-${id}`);
      if ((await fig.count()) === 0) continue;
      await fig.screenshot({ path: screenshotPath(`ui-campaign-08-compare-${id}`) });
      say(`screenshot ${screenshotPath(`ui-campaign-08-compare-${id}`)}`);
    }

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Reports', exact: true }).click();
    await page.getByRole('button', { name: 'Export PDF' }).click();
    // The export renders every figure in a headless page: minutes at this machine's load; a failure is said in an alert.
    const exportFailed = page.locator('p.error[role="alert"]');
    await until(
      'the exported report',
      async () => {
        if ((await exportFailed.count()) > 0 && (await page.getByTestId('report-exported').count()) === 0) {
          await shot(page, '09-report-failed');
          throw new Error(`export failed: ${await exportFailed.first().textContent()}`);
        }
        return (await page.getByTestId('report-exported').count()) > 0;
      },
      900_000,
      5000,
    );
    const pdf = (await page.getByTestId('report-exported').locator('code').innerText()).trim();
    execFileSync('pdftoppm', ['-r', '70', '-png', '-f', '1', '-l', '4', pdf, join(RESULTS_DIR, 'ui-campaign-report')]);
    say(
      `report ${pdf}: ${/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]} pages, first four as ${join(RESULTS_DIR, 'ui-campaign-report-*.png')}`,
    );

    assert.deepEqual(errors, []);
    assert.deepEqual(problems, []);
    say('acceptance run passed');
  } finally {
    await app?.browser.close();
    await app?.started.stop();
    data.cleanup();
    rmSync(npb, { force: true });
    if (process.env.VIRTLAB_LAB_KEEP !== '1') {
      if (withContainers) await dockerDown(config, inv);
      await labDown(config);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
