// Platforms defined with providers in the wizard, in Chromium through the bridge, on a data folder that knows two hosts
// (added by the CLI; nothing connects to them: defining, validating and planning need no lab): technology, provider,
// then the provider's own settings drawn from its schema with its messages next to the field, for Docker, Podman and
// Charliecloud container platforms and a QEMU VM platform; the scenario's Review lists each platform's preparation step from the plan.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIn } from '../support/cli-in.ts';
import { screenshotPath } from './support/browser.ts';
import type { Started } from './support/npm-start.ts';
import { openApp } from './support/open-app.ts';

let started: Started;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'vl-e2e-providers-'));
const HOSTS = ['node01', 'node02'];
const shot = (name: string) => page.screenshot({ path: screenshotPath(`providers-${name}`), fullPage: true });
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHhVZkx0N2xCbUl1bGFiS2V5Rm9yVGhlV2l6YXJkVGVzdA virtlab';

beforeAll(async () => {
  const cli = cliIn(dataDir);
  // Addresses of the documentation range (RFC 5737): never contacted.
  for (const [i, name] of HOSTS.entries())
    expect((await cli('hosts', 'add', name, '--address', `192.0.2.${11 + i}`, '--user', 'root', '--agent')).code).toBe(0);
  ({ started, browser, page } = await openApp(dataDir, { width: 1440, height: 900 }, errors));
});

afterAll(async () => {
  await browser?.close();
  await started?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function openDefine(): Promise<Locator> {
  await page.getByRole('button', { name: 'Define a platform…' }).click();
  return page.getByRole('group', { name: 'Define a platform' });
}

async function finish(form: Locator, endpoints: string[]) {
  for (const e of endpoints) await form.getByRole('checkbox', { name: e, exact: true }).check();
  await form.getByRole('button', { name: 'Define platform' }).click();
  // Defined: the form closes. Refused: say why (the core's message) instead of a timeout.
  const refused = form.locator('p.error[role="alert"]');
  await Promise.race([
    form.waitFor({ state: 'hidden' }),
    refused.waitFor().then(async () => {
      throw new Error(`refused: ${await refused.textContent()}`);
    }),
  ]);
}

/** The message shown next to a field (its aria-describedby), as a user with a screen reader hears it. */
async function messageOf(field: Locator): Promise<string> {
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const ids = (await field.getAttribute('aria-describedby'))!.split(' ');
  return (await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()))).join(' ');
}

describe('platform providers in the scenario wizard', () => {
  it('defines a native baseline, a Docker, a Podman and a Charliecloud platform and a QEMU VM platform with their settings', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Scenarios', exact: true }).click();
    await page.getByRole('button', { name: 'New scenario…' }).click();
    await page.getByLabel('Scenario name').fill('native vs docker vs qemu');

    let form = await openDefine();
    await form.getByLabel('Platform name').fill('native');
    expect(await form.getByLabel('Provider').inputValue()).toBe('native');
    await finish(form, HOSTS);

    form = await openDefine();
    await form.getByLabel('Platform name').fill('docker-bridge');
    await form.getByLabel('Technology').selectOption('os-level');
    // Said plainly where container runtimes are chosen: Apptainer is not tested here.
    expect(await form.getByTestId('untested-note').textContent()).toMatch(/Apptainer\/Singularity is not packaged for Debian 12/);
    await form.getByLabel('Provider').selectOption('docker');
    const settings = form.getByRole('group', { name: /Docker containers: settings/ });
    // The provider's own message, next to the field, as soon as it is typed.
    const image = settings.getByLabel('Image', { exact: true });
    await image.fill('Not An Image');
    expect(await messageOf(image)).toMatch(/an image reference/);
    await image.fill('virtlab-bench:1');
    await expect.poll(() => image.getAttribute('aria-invalid')).toBeNull();
    await settings.getByLabel('Network', { exact: true }).selectOption('bridge');
    await settings.getByLabel('CPUs').fill('1');
    await settings.getByLabel('Memory MiB').fill('512');
    await settings.getByRole('checkbox', { name: 'Privileged' }).check();
    await settings.getByRole('button', { name: 'Add mount', exact: true }).click();
    const mount = settings.getByRole('group', { name: 'Mount 1' });
    await mount.getByLabel('Source').fill('relative/path');
    expect(await messageOf(mount.getByLabel('Source'))).toMatch(/absolute path/);
    await mount.getByLabel('Source').fill('/srv/bench-data');
    await mount.getByLabel('Target').fill('/data');
    await settings.getByLabel('IOzone writes').selectOption('host-folder');
    await shot('01-container-settings');
    await finish(form, HOSTS);

    // Podman: what each setting does is said where it is chosen, pasta's version limit and rootless included.
    form = await openDefine();
    await form.getByLabel('Platform name').fill('podman-slirp');
    await form.getByLabel('Technology').selectOption('os-level');
    await form.getByLabel('Provider').selectOption('podman');
    const pod = form.getByRole('group', { name: /Podman containers: settings/ });
    const hintOf = async (field: Locator) => page.locator(`[id="${(await field.getAttribute('aria-describedby'))!.split(' ')[0]}"]`).textContent();
    await pod.getByLabel('Image', { exact: true }).fill('virtlab-bench:1');
    await pod.getByLabel('Network', { exact: true }).selectOption('slirp4netns');
    expect(await hintOf(pod.getByLabel('Network', { exact: true }))).toMatch(/pasta: .*Podman 4\.4 or later only \(Debian 12 has 4\.3/);
    expect(await hintOf(pod.getByLabel('Memory MiB'))).toMatch(/empty: no limit/);
    expect(await pod.getByText(/Not supported yet: refused before any run/).count()).toBe(1);
    const cpus = pod.getByLabel('CPUs');
    await cpus.fill('0');
    expect(await messageOf(cpus)).toMatch(/more than 0$/);
    await cpus.fill('2');
    await shot('01b-podman-settings');
    await finish(form, HOSTS);

    // Charliecloud: no daemon, an archive each host unpacks; the one required setting is said as soon as Define is pressed.
    form = await openDefine();
    await form.getByLabel('Platform name').fill('charliecloud');
    await form.getByLabel('Technology').selectOption('os-level');
    await form.getByLabel('Provider').selectOption('charliecloud');
    const ch = form.getByRole('group', { name: /Charliecloud.*: settings/ });
    for (const e of HOSTS) await form.getByRole('checkbox', { name: e, exact: true }).check();
    await form.getByRole('button', { name: 'Define platform' }).click();
    // In plain words (zod's own was "Invalid input: expected string, received undefined").
    const archive = await messageOf(ch.getByLabel('Image archive'));
    expect(archive).toMatch(/\brequired\b/);
    expect(archive).not.toMatch(/Invalid input|expected string/);
    await ch.getByLabel('Image archive').fill('/var/lib/virtlab/images/base.tar');
    await finish(form, []);

    form = await openDefine();
    await form.getByLabel('Platform name').fill('qemu-tcg');
    await form.getByLabel('Technology').selectOption('full-virt');
    await form.getByLabel('Provider').selectOption('qemu');
    const vm = form.getByRole('group', { name: /QEMU virtual machines: settings/ });
    await vm.getByLabel('vCPUs').fill('1');
    await vm.getByLabel('Memory MiB').fill('1024');
    await vm.getByLabel('Accelerator').selectOption('tcg');
    await vm.getByRole('checkbox', { name: 'Allow TCG' }).check();
    await vm.getByLabel('Disk bus').selectOption('virtio');
    await vm.getByLabel('NIC model').selectOption('virtio');
    const addresses = vm.getByLabel('Addresses');
    await addresses.fill('192.0.2.21, 192.0.2.300');
    expect(await messageOf(addresses)).toMatch(/item 2: an IPv4 address/);
    await addresses.fill('192.0.2.21, 192.0.2.22');
    await vm.getByLabel('Authorized keys').fill(KEY);
    await shot('02-vm-settings');
    await finish(form, HOSTS);
    for (const name of ['native', 'docker-bridge', 'charliecloud', 'qemu-tcg']) await page.getByRole('checkbox', { name: new RegExp(`^${name} — `) }).check();
    expect(await page.getByLabel('Baseline').inputValue()).toBe('native');
    await shot('03-platforms');
  });

  it("shows each platform's preparation step from the plan in the Review", async () => {
    await page.getByRole('button', { name: 'Next: Benchmarks' }).click();
    for (const b of [/^IOzone/, /^NAS Parallel/]) await page.getByRole('checkbox', { name: b }).uncheck();
    await page.getByRole('button', { name: 'Next: Parameters' }).click();
    await page.getByLabel('TCP_RR message sizes (bytes)').fill('1');
    await page.getByLabel('Seconds per point').fill('1');
    await page.getByRole('button', { name: 'Next: Execution' }).click();
    await page.getByRole('button', { name: 'Next: Review' }).click();
    const setup = page.getByTestId('plan-setup');
    await setup.waitFor({ timeout: 30_000 });
    const text = await setup.innerText();
    expect(text).toMatch(/docker-bridge\s+prepare: /);
    expect(text).toMatch(/charliecloud\s+prepare: /);
    expect(text).toMatch(/qemu-tcg\s+prepare: /);
    expect(text).not.toMatch(/native\s+prepare/);
    await shot('04-review');
    expect(errors).toEqual([]);
  });
});
