// prepare() for one host: the base disk (VirtLab's image, made once per host, or the site's file), then per VM its
// folder (overlay + seed), tap and QEMU, each written to the ledger BEFORE it is made; then the wait for the host key
// on the serial console and for a real ssh command, both through the host's verified session.
import { ensureImage } from '../image/build.ts';
import type { CommandHost } from '../image/image-host.ts';
import { consoleTail, hostKeyFromConsole } from './console.ts';
import { ensureVmDisk } from './disk.ts';
import type { HostShell as VmHost, Ledger as VmLedger } from '../provider.ts';
import { FILES_SCRIPT, GUEST_SETUP_SCRIPT, HOME_SCRIPT, SSH_PROBE_SCRIPT, START_SCRIPT, STATUS_SCRIPT, TAP_SCRIPT } from './host-scripts.ts';
import { HOME_TAG, qemuArgv } from './qemu-argv.ts';
import type { QemuSettings } from './settings.ts';
import { vmNames, type VmNames } from './vm-names.ts';
import { sshIntoVm } from './vm-ssh.ts';

export interface BootedVm {
  host: string;
  address: string;
  /** The guest's sshd host key as it printed it on its console ("ssh-ed25519 AAAA..."). */
  hostKey: string;
  accel: 'kvm' | 'tcg';
  names: VmNames;
  /** What the guest says about itself over ssh: systemd-detect-virt, CPUs, hostname. */
  facts: { virt: string; cpus: number; hostname: string };
  bootMs: number;
}

export class VmBootError extends Error {
  constructor(
    message: string,
    readonly console = '',
  ) {
    super(message);
    this.name = 'VmBootError';
  }
}

export interface BootContext {
  campaignId: number;
  platform: string;
  ledger: VmLedger;
  say(line: string): void;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function asCommandHost(h: VmHost): CommandHost {
  return { label: h.name, run: (argv, o) => h.run(argv, o?.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}) };
}

function stopIfCancelled(n: VmNames, h: VmHost, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new VmBootError(`boot of ${n.name} on ${h.name} cancelled`);
}

async function must(h: VmHost, argv: readonly string[], what: string, timeoutMs = 120_000): Promise<string> {
  const r = await h.run(argv, { timeoutMs });
  if (r.code !== 0) throw new VmBootError(`${what} on ${h.name} failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${r.code}`}`);
  return r.stdout;
}

/** The base disk for this host's VMs. */
export async function baseDisk(
  h: VmHost,
  s: QemuSettings,
  say: (l: string) => void,
): Promise<{ disk: string; format: 'raw' | 'qcow2'; kernel: string; initrd: string; root: string }> {
  if (s.image.source === 'file') return { disk: s.image.path, format: s.image.format, kernel: s.image.kernel, initrd: s.image.initrd, root: s.image.root };
  const img = await ensureImage(asCommandHost(h), 'vm', { dir: s.imageDir, onProgress: (l) => say(`${h.name}: image: ${l}`) });
  const d = await ensureVmDisk(asCommandHost(h), img.path);
  if (!d.reused) say(`${h.name}: made the VM disk ${d.disk}`);
  return { disk: d.disk, format: 'raw', kernel: d.kernel, initrd: d.initrd, root: 'LABEL=vlroot' };
}

export async function bootVm(h: VmHost, s: QemuSettings, accel: 'kvm' | 'tcg', ctx: BootContext): Promise<BootedVm> {
  const address = s.addresses[h.ordinal];
  if (!address) throw new VmBootError(`no VM address for host ${h.name} (settings.addresses has ${s.addresses.length})`);
  const n = vmNames(s.stateDir, ctx.campaignId, ctx.platform, h.ordinal);
  const base = await baseDisk(h, s, ctx.say);
  const t0 = Date.now();

  stopIfCancelled(n, h, ctx.signal);
  const home = ctx.ledger.intend(h.name, 'vm-home', n.home, { script: 'rm' });
  await must(h, ['sh', '-c', HOME_SCRIPT, 'virtlab-qemu', n.home], 'making the shared home');
  ctx.ledger.created(home.id);

  stopIfCancelled(n, h, ctx.signal);
  const dir = ctx.ledger.intend(h.name, 'vm-dir', n.dir, { script: 'rm' });
  await must(
    h,
    ['sh', '-c', FILES_SCRIPT, 'virtlab-qemu', n.dir, base.disk, base.format, n.name, `${address}/${s.prefixLength}`, s.gateway ?? '', ...s.authorizedKeys],
    'making the overlay and seed',
  );
  ctx.ledger.created(dir.id);

  stopIfCancelled(n, h, ctx.signal);
  const tap = ctx.ledger.intend(h.name, 'tap', n.tap, { address, mode: s.network.mode });
  await must(
    h,
    ['sh', '-c', TAP_SCRIPT, 'virtlab-qemu', n.tap, s.network.mode, s.network.mode === 'bridge' ? s.network.bridge : '', address],
    'making the tap',
  );
  ctx.ledger.created(tap.id);

  stopIfCancelled(n, h, ctx.signal);
  const qemu = ctx.ledger.intend(h.name, 'qemu', `${n.dir}/qemu.pid`, { name: n.name, accel });
  const argv = qemuArgv(s, accel, n, {
    overlay: `${n.dir}/overlay.qcow2`,
    seed: `${n.dir}/seed.img`,
    kernel: base.kernel,
    initrd: base.initrd,
    root: base.root,
  });
  await must(h, ['sh', '-c', START_SCRIPT, 'virtlab-qemu', `${n.dir}/console.log`, `${n.dir}/qemu.pid`, ...argv], 'starting QEMU', 60_000);
  ctx.ledger.created(qemu.id);
  ctx.say(`${h.name}: VM ${n.name} booting at ${address} (${accel === 'tcg' ? 'TCG: full emulation' : 'KVM'})`);

  const deadline = t0 + s.bootTimeoutSec * 1000;
  let hostKey: string | undefined;
  let consoleText = '';
  for (;;) {
    stopIfCancelled(n, h, ctx.signal);
    const st = await h.run(['sh', '-c', STATUS_SCRIPT, 'virtlab-qemu', `${n.dir}/console.log`, `${n.dir}/qemu.pid`, n.name], { timeoutMs: 30_000 });
    const [head = '', ...rest] = st.stdout.split('\n---console---\n');
    consoleText = rest.join('\n');
    if (head.includes('qemu=gone'))
      throw new VmBootError(`QEMU of ${n.name} on ${h.name} stopped during boot; the console's last lines:\n${consoleTail(consoleText)}`, consoleText);
    hostKey ??= hostKeyFromConsole(consoleText);
    if (hostKey) {
      const r = await h.run(['sh', '-c', SSH_PROBE_SCRIPT, 'virtlab-qemu', n.dir, address, hostKey], { timeoutMs: 60_000 });
      if (r.code === 0) {
        const [virt = '', cpus = '0', hostname = ''] = r.stdout.trim().split('\n');
        await must(
          h,
          sshIntoVm(n, address, ['sh', '-c', GUEST_SETUP_SCRIPT, 'virtlab-guest-setup', n.home, HOME_TAG]),
          `mounting the shared home in ${n.name}`,
        );
        ctx.say(`${h.name}: VM ${n.name} answers ssh after ${Math.round((Date.now() - t0) / 1000)} s`);
        return {
          host: h.name,
          address,
          hostKey,
          accel,
          names: n,
          facts: { virt: virt.trim(), cpus: Number(cpus), hostname: hostname.trim() },
          bootMs: Date.now() - t0,
        };
      }
    }
    if (Date.now() > deadline) {
      throw new VmBootError(
        `VM ${n.name} on ${h.name} did not answer ssh within ${s.bootTimeoutSec} s (${hostKey ? 'its host key was printed, sshd did not answer' : 'it never printed its host key'}); the console's last lines:\n${consoleTail(consoleText)}`,
        consoleText,
      );
    }
    await sleep(3000);
  }
}
