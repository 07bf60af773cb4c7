// Plain-QEMU VMs on the lab (its own instance, 2 hosts): booted under TCG from VirtLab's cached image, the host key
// learned from the serial console through the host's verified session, a real ssh command, commands run in it through
// wrap() (netperf TCP_RR between the two VMs, the shared home, the VM's own scratch disk), and nothing VirtLab made
// left after teardown, after a cancel during boot and after a boot timeout (whose message ends with the console's lines).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { sshCommandHost } from '../../../../main/platforms/image/image-host.ts';
import { bootVm, type VmBootError } from '../../../../main/platforms/qemu/boot.ts';
import { consoleTail } from '../../../../main/platforms/qemu/console.ts';
import type { HostShell as VmHost } from '../../../../main/platforms/provider.ts';
import { bootAll, qemuProvider } from '../../../../main/platforms/qemu/provider.ts';
import { qemuSettings, TCG_SERVER_START_SEC, type QemuSettings } from '../../../../main/platforms/qemu/settings.ts';
import type { SshPool } from '../../../../main/ssh/pool.ts';
import { labDown, labUp } from '../../../lab/api.ts';
import { LAB_IMAGE_DIR, labVmDisk } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { openLab, type Lab } from '../../ssh/support/lab.ts';
import { MemoryLedger } from './support/memory-ledger.ts';

const config = LAB_INSTANCES.vms;
const STATE = '/var/lib/virtlab-lab/vms-test';
let lab: Lab;
let pool: SshPool;
let hosts: VmHost[];
const scratch = mkdtempSync(join(tmpdir(), 'vl-vms-'));

beforeAll(async () => {
  await labUp({ hosts: 2, config });
  lab = await openLab(config);
  pool = lab.pool();
  hosts = lab.inv.hosts.map((h, ordinal) => {
    const c = sshCommandHost(pool.host(lab.rootEndpoint(h)));
    return { name: h.name, address: h.address, ordinal, run: (argv, o) => c.run(argv, o) };
  });
}, 120_000);
afterAll(async () => {
  pool?.closeAll();
  await labDown(config);
  rmSync(scratch, { recursive: true, force: true });
}, 120_000);

// Whatever a failed test left is torn down all the same.
const ledgers: MemoryLedger[] = [];
afterEach(async () => {
  for (const l of ledgers.splice(0)) await qemuProvider.teardown(l.open(), { hostOf: (n) => hosts.find((h) => h.name === n), ledger: l, say: () => {} });
}, 120_000);

function settings(over: Partial<QemuSettings> = {}): QemuSettings {
  return qemuSettings.parse({
    accelerator: 'kvm',
    allowTcg: true,
    vcpus: 1,
    memoryMiB: 1024,
    // Routed with proxy ARP: the VM's /16 makes every lab address on-link, the host answers for them.
    addresses: [`10.${config.octet}.1.3`, `10.${config.octet}.2.3`],
    prefixLength: 16,
    authorizedKeys: [readFileSync(`${lab.inv.keyPath}.pub`, 'utf8').trim()],
    stateDir: STATE,
    imageDir: LAB_IMAGE_DIR,
    ...over,
  });
}

/** What VirtLab could have left on this machine for a campaign: QEMU and ssh processes, VM folders, taps. */
function leftovers(campaignId: number): string[] {
  // QEMU (its -name) and the host's ssh connection into the VM (its control socket in the VM's folder).
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => (l.startsWith('qemu-system') && l.includes(`virtlab-c${campaignId}-h`)) || (l.startsWith('ssh') && l.includes(`${STATE}/c${campaignId}-h`)));
  const dirs = execFileSync('sh', ['-c', `ls -d ${STATE}/c${campaignId}-h* ${STATE}/c${campaignId}-home 2>/dev/null || true`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const taps = lab.inv.hosts.flatMap((h) =>
    execFileSync('ip', ['-n', h.name, '-o', 'link', 'show'], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.includes(`qt${campaignId}x`))
      .map((l) => `${h.name}: ${l.split(':')[1]?.trim()}`),
  );
  return [...ps, ...dirs, ...taps];
}

it('boots one TCG VM per host, learns its host key from the console, runs commands in it over ssh, and leaves nothing after teardown', async () => {
  // About 45 s to ssh on an idle core; two TCG VMs on this shared 2-core machine under load took over 300 s.
  const s = settings({ bootTimeoutSec: 900 });
  const ledger = new MemoryLedger();
  ledgers.push(ledger);
  const lines: string[] = [];
  expect(await qemuProvider.check(s, hosts)).toEqual([]);
  try {
    const vms = await bootAll({ campaignId: 901, platform: 'vm', settings: s, hosts, ledger, say: (l) => lines.push(l) });
    // Every resource was written to the ledger before it was made, and is there, made.
    for (const kind of ['vm-home', 'vm-dir', 'tap', 'qemu'])
      expect(ledger.events.indexOf(`intend ${kind}`)).toBeLessThan(ledger.events.indexOf(`created ${kind}`));
    expect(ledger.entries.map((e) => `${e.host} ${e.kind} ${e.state}`).sort()).toEqual(
      ['vm-h01', 'vm-h02'].flatMap((h) => ['qemu', 'tap', 'vm-dir', 'vm-home'].map((k) => `${h} ${k} created`)),
    );
    for (const vm of vms) {
      expect(vm.accel).toBe('tcg');
      expect(vm.facts.virt).toBe('qemu');
      expect(vm.facts.cpus).toBe(1);
      expect(vm.hostKey).toMatch(/^ssh-ed25519 /);
    }
    expect(lines.some((l) => l.includes('TCG: full emulation'))).toBe(true);
    // The host key learned over the trusted channel is the one the VM's sshd shows: strict checking from here passes.
    const kh = join(scratch, 'known_hosts');
    writeFileSync(kh, vms.map((v) => `${v.address} ${v.hostKey}\n`).join(''));
    const out = execFileSync(
      'ssh',
      [
        '-F',
        'none',
        '-o',
        'BatchMode=yes',
        '-o',
        'StrictHostKeyChecking=yes',
        '-o',
        `UserKnownHostsFile=${kh}`,
        '-i',
        lab.inv.keyPath,
        `root@${vms[1]!.address}`,
        'hostname; cat /proc/cmdline',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(out).toContain('virtlab-c901-h1');
    // The host runs commands inside its VM through wrap(): multiplexed ssh (its own key, host key checked), in the
    // runner's home, which is the host's folder shared at the same path (files copied to the host are there inside),
    // while the scratch folder under it is the VM's own disk (IOzone measures the virtual disk, not the share).
    const guest = (i: number) => ({
      campaignId: 901,
      platform: 'vm',
      settings: s,
      host: { name: lab.inv.hosts[i]!.name, address: lab.inv.hosts[i]!.address, ordinal: i },
    });
    const inVm = (i: number, script: string, ...args: string[]) =>
      hosts[i]!.run(qemuProvider.wrap(guest(i), ['sh', '-c', script, 'vm-test', ...args]), { timeoutMs: 120_000 });
    // (Both lab hosts see one /var/lib, so here the two VMs share that home; on separate hosts each has its own.)
    const home = `${STATE}/c901-home`;
    writeFileSync(`${home}/from-host.txt`, 'copied to the host\n');
    // (stat -f cannot tell: 9p2000.L reports the host's file system type; /proc/mounts names 9p.)
    const where = await inVm(
      1,
      'hostname; echo "$HOME"; pwd; cat from-host.txt; for d in "$HOME" "$HOME/.virtlab/scratch"; do awk -v d="$d" \'$2 == d { print $3 }\' /proc/mounts; done; for t in netperf netserver iozone mpirun gfortran; do command -v "$t"; done',
    );
    expect(where.stdout.trim().split('\n')).toEqual([
      'virtlab-c901-h1',
      home,
      home,
      'copied to the host',
      '9p',
      'ext4',
      '/usr/bin/netperf',
      '/usr/bin/netserver',
      '/usr/bin/iozone',
      '/usr/bin/mpirun',
      '/usr/bin/gfortran',
    ]);
    expect(qemuProvider.reach(guest(1))).toEqual({ address: `10.${config.octet}.2.3`, serverStartSec: TCG_SERVER_START_SEC });
    // netperf between the two VMs, each command through wrap(): netserver on VM 1 (no netserver of the image's own
    // runs there: port 12865 is free), TCP_RR from VM 0 to VM 1's address, netserver stopped by its pid.
    const ns = await inVm(1, 'ss -Htln "sport = :12865" | wc -l; setsid netserver -D -p 20001 </dev/null >/dev/null 2>&1 & echo $!; sleep 2');
    const [bootNetservers, pid] = ns.stdout.trim().split('\n');
    expect(bootNetservers).toBe('0');
    const rr = await inVm(0, 'netperf -H "$1" -p 20001 -t TCP_RR -l 2 -P 0 -- -r 1,1 -o THROUGHPUT', vms[1]!.address);
    expect(rr.code).toBe(0);
    expect(Number(rr.stdout.trim().split('\n').pop())).toBeGreaterThan(0);
    expect((await inVm(1, 'kill "$1"; sleep 1; kill -0 "$1" 2>/dev/null && echo alive || echo gone', pid!)).stdout.trim()).toBe('gone');
    console.log(`[vms] boot to ssh ${vms.map((v) => Math.round(v.bootMs / 1000)).join(', ')} s (2 TCG VMs at once)`);
  } finally {
    const left = await qemuProvider.teardown(ledger.open(), { hostOf: (n) => hosts.find((h) => h.name === n), ledger, say: () => {} });
    expect(left).toEqual([]);
  }
  expect(ledger.open()).toEqual([]);
  expect(leftovers(901)).toEqual([]);
}, 1_200_000);

it('a cancel during boot, then teardown: no QEMU, folder or tap left', async () => {
  const s = settings();
  const ledger = new MemoryLedger();
  ledgers.push(ledger);
  const ac = new AbortController();
  const boot = bootVm(hosts[0]!, s, 'tcg', {
    campaignId: 902,
    ledger,
    signal: ac.signal,
    say: (l) => {
      if (l.includes('booting')) ac.abort();
    },
  });
  await expect(boot).rejects.toThrow('boot of virtlab-c902-h0 on vm-h01 cancelled');
  expect(leftovers(902).length).toBeGreaterThan(0); // it was running
  expect(await qemuProvider.teardown(ledger.open(), { hostOf: (n) => hosts.find((h) => h.name === n), ledger, say: () => {} })).toEqual([]);
  expect(leftovers(902)).toEqual([]);
}, 300_000);

it("a boot timeout names the VM and ends with the console's last lines, then teardown leaves nothing", async () => {
  // The lab's disk as a site's own image, booted with a root device that does not exist: the kernel and initramfs
  // print, then wait for it, so the VM never answers whatever the machine's load. 90 s: enough for the kernel to print
  // at a load average of 21 (30 s was not).
  const d = await labVmDisk();
  const s = settings({
    bootTimeoutSec: 90,
    image: { source: 'file', path: d.disk, format: 'raw', sha256: d.sha256, kernel: d.kernel, initrd: d.initrd, root: '/dev/vdz' },
  });
  const ledger = new MemoryLedger();
  ledgers.push(ledger);
  const err = await bootVm(hosts[0]!, s, 'tcg', { campaignId: 903, ledger, say: () => {} }).then(
    () => new Error('it booted'),
    (e: unknown) => e as Error,
  );
  expect(err.name).toBe('VmBootError');
  const tail = consoleTail((err as VmBootError).console);
  expect(tail).not.toBe('');
  expect(err.message).toBe(`VM virtlab-c903-h0 on vm-h01 did not answer ssh within 90 s (it never printed its host key); the console's last lines:\n${tail}`);
  expect(await qemuProvider.teardown(ledger.open(), { hostOf: (n) => hosts.find((h) => h.name === n), ledger, say: () => {} })).toEqual([]);
  expect(leftovers(903)).toEqual([]);
}, 300_000);
