// Bad plain-QEMU VM inputs on the real lab hosts (instance zb, 10.251), through the CLI from a fresh data folder: each
// refused by `scenario run` at the campaign's start with its sentence (KVM asked where it cannot boot a guest and TCG
// not allowed, more vCPUs and memory than a host has, a base image that is not there, one whose checksum is not the
// one given, one whose format is not the one said (qemu-img info), VM addresses that clash, -cpu host under TCG), and nothing stored: no campaign, no run, no VM. No VM boots in this file.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { LAB_IMAGE_DIR, labVmDisk } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { cli, labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';

const config: LabConfig = LAB_INSTANCES.vmsInputs;
let inv: LabInventory;
let data: LabData;

const vmSettings = (over: Record<string, unknown> = {}) => ({
  accelerator: 'kvm',
  allowTcg: true,
  vcpus: 1,
  memoryMiB: 1024,
  addresses: [`10.${config.octet}.1.3`, `10.${config.octet}.2.3`],
  prefixLength: 16,
  authorizedKeys: [readFileSync(`${inv.keyPath}.pub`, 'utf8').trim()],
  stateDir: '/root/vl-vms',
  imageDir: LAB_IMAGE_DIR,
  ...over,
});

function define(name: string, settings: Record<string, unknown>): void {
  const db = openDatabase({ path: data.dbPath });
  try {
    definePlatform(createRepos(db), {
      name,
      technology: 'full-virt',
      product: 'QEMU',
      provider: 'qemu',
      isBaseline: false,
      endpoints: inv.hosts.map((h) => h.name),
      settings,
    });
  } finally {
    db.close();
  }
}

const count = (table: string): number => {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  data = await labDataDir(2, config);
}, 300_000);

afterAll(async () => {
  data?.cleanup();
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 300_000);

/** `scenario run` of native vs `platform`: refused (exit 1), its message on stderr, no campaign, run or VM process. */
async function refused(platform: string): Promise<string> {
  const file = join(data.dir, `${platform}.yaml`);
  writeFileSync(
    file,
    `name: ${platform}\nplatforms: [native, ${platform}]\nbaseline: native\nrepetitions: 1\nbenchmarks:\n  - benchmark: netperf\n    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }\n`,
  );
  const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
  expect(await run.exit, run.stdout()).toBe(1);
  expect(run.stdout()).not.toMatch(/campaign \d+ \(/);
  expect([count('campaigns'), count('runs'), count('platform_resources')]).toEqual([0, 0, 0]);
  const err = run.stderr();
  expect(err).toMatch(new RegExp(`^The campaign was not started: platform ${platform}: `));
  return err;
}

it('refuses each bad VM input at the campaign start with its sentence, and stores nothing', async () => {
  const [h0, h1] = [inv.hosts[0]!, inv.hosts[1]!];
  const disk = await labVmDisk();
  // Everything wrong at once: KVM asked without TCG (this machine's /dev/kvm cannot boot a stock guest: no vmx/svm),
  // more vCPUs and memory than a host has, a base image that is not there, VM addresses that clash.
  define(
    'vm-bad',
    vmSettings({
      allowTcg: false,
      vcpus: 64,
      memoryMiB: 1024 * 1024,
      addresses: [h0.address, h0.address],
      image: {
        source: 'file',
        path: '/var/lib/virtlab-lab/no-such-disk.qcow2',
        format: 'qcow2',
        sha256: '0'.repeat(64),
        kernel: disk.kernel,
        initrd: disk.initrd,
      },
    }),
  );
  const bad = await refused('vm-bad');
  // Machines of this kind come with /dev/kvm (that cannot boot a guest: no vmx/svm) or without it: the sentence says which.
  const kvmWhy = existsSync('/dev/kvm') ? '/dev/kvm exists but the CPU shows no vmx/svm, so KVM cannot boot a stock guest here' : 'it has no usable /dev/kvm';
  for (const sentence of [
    `platform vm-bad: address clash: ${h0.address} is given to two VMs`,
    `platform vm-bad: address clash: ${h0.address} is the address of host ${h0.name}`,
    `platform vm-bad: address clash: ${h0.address} already answers on the network, so another machine has it`,
    `platform vm-bad: host ${h0.name}: KVM cannot run on this host (${kvmWhy}); allow TCG (full emulation: every figure then says so) or use hosts with hardware virtualization`,
    `platform vm-bad: host ${h1.name} has 2 CPU(s), fewer than the 64 vCPUs asked for each VM`,
    `MiB of memory, not more than the 1048576 MiB asked for each VM`,
    `platform vm-bad: host ${h0.name} has no base image /var/lib/virtlab-lab/no-such-disk.qcow2`,
    `platform vm-bad: host ${h1.name} has no base image /var/lib/virtlab-lab/no-such-disk.qcow2`,
  ])
    expect(bad).toContain(sentence);

  // A base image whose checksum is not the one given (corrupt, or another file): its real sum is said.
  define(
    'vm-corrupt',
    vmSettings({ image: { source: 'file', path: disk.disk, format: 'raw', sha256: 'f'.repeat(64), kernel: disk.kernel, initrd: disk.initrd } }),
  );
  const corrupt = await refused('vm-corrupt');
  for (const h of [h0, h1])
    expect(corrupt).toContain(
      `platform vm-corrupt: host ${h.name}: base image ${disk.disk} is corrupt or another file (sha256 ${disk.sha256}, expected ${'f'.repeat(64)})`,
    );

  // No checksum given, the format said wrong: qemu-img info on each host finds the raw disk the platform calls qcow2.
  define('vm-format', vmSettings({ image: { source: 'file', path: disk.disk, format: 'qcow2', kernel: disk.kernel, initrd: disk.initrd } }));
  const format = await refused('vm-format');
  for (const h of [h0, h1])
    expect(format).toContain(
      `platform vm-format: host ${h.name}: base image ${disk.disk} is raw (qemu-img info), not qcow2 as the platform says; set image.format to what the file is`,
    );
  expect(format).not.toContain('sha256');

  // TCG asked with -cpu host (the host's CPU passed through, which only KVM can).
  define('vm-cpu', vmSettings({ accelerator: 'tcg', cpuModel: 'host' }));
  const cpu = await refused('vm-cpu');
  for (const h of [h0, h1])
    expect(cpu).toContain(
      `platform vm-cpu: host ${h.name}: CPU model host passes the host's CPU through, which only KVM can, and this host's VMs run under TCG; use max or qemu64`,
    );
}, 300_000);
