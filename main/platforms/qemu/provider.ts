// The plain-QEMU platform provider: full-virtualization VMs that VirtLab creates on each host (one per host), boots,
// enrols as SSH guests of that host (host key from the serial console, read through the host's verified session),
// and removes. docs/DEVELOPING.md "the three kinds of module".
import { describeProvider } from '../catalog.ts';
import type { GuestRef, HostShell, LedgerEntry, PlatformProvider, PrepareContext } from '../provider.ts';
import { bootVm, type BootedVm } from './boot.ts';
import { checkQemu } from './check.ts';
import { parseProbe, probeArgv } from './host-probe.ts';
import { SSH_PROBE_SCRIPT } from './host-scripts.ts';
import { acceleratorFor } from './problems.ts';
import { controlSec, serverStartSec, type QemuSettings } from './settings.ts';
import { teardownQemu } from './teardown.ts';
import { vmNames } from './vm-names.ts';
import { inVmHome, sshIntoVm } from './vm-ssh.ts';

/** What every figure of a TCG platform must say about it. */
export function emulationNote(accel: 'kvm' | 'tcg'): string | undefined {
  return accel === 'tcg' ? 'QEMU under TCG: full software emulation, not hardware virtualization' : undefined;
}

/** Boots one VM per host in parallel; returns them (prepare() records each as a 'guest' ledger entry with its facts). */
export async function bootAll(ctx: PrepareContext<QemuSettings>): Promise<BootedVm[]> {
  const accels = await Promise.all(
    ctx.hosts.map(async (h) => {
      const r = await h.run(probeArgv(ctx.settings, { image: false }), { timeoutMs: 10 * 60_000 });
      const a = acceleratorFor(ctx.settings, parseProbe(r.stdout));
      if ('error' in a) throw new Error(`host ${h.name}: ${a.error}`);
      return a.accel;
    }),
  );
  // Every host's boot settles before this returns or throws: a teardown after a failure (or a cancel) then finds all
  // that was made in the ledger, and nothing is made after it.
  const booted = await Promise.allSettled(ctx.hosts.map((h, i) => bootVm(h, ctx.settings, accels[i]!, ctx)));
  const failed = booted.find((b) => b.status === 'rejected');
  if (failed) throw failed.reason;
  return booted.map((b) => (b as PromiseFulfilledResult<BootedVm>).value);
}

function wrapArgv(guest: GuestRef<QemuSettings>, argv: readonly string[]): string[] {
  const n = vmNames(guest.settings.stateDir, guest.campaignId, guest.platform, guest.host.ordinal);
  return sshIntoVm(n, guest.settings.addresses[guest.host.ordinal] ?? '', inVmHome(n, argv));
}

export const qemuProvider: PlatformProvider<QemuSettings> = {
  describe: describeProvider('qemu')!,
  check: (s, hosts) => checkQemu(s, hosts),

  /** Boot to ssh: about 45 s a VM under TCG on an idle core (lab notes), less with KVM; VMs boot in parallel. */
  estimatePrepare(s) {
    const tcg = s.accelerator === 'tcg' || s.allowTcg;
    return {
      what: `boot one VM a host (${s.vcpus} vCPU, ${s.memoryMiB} MiB${tcg ? ', TCG if KVM cannot' : ''}) and enrol it`,
      sec: (tcg ? 60 : 20) + (s.image.source === 'virtlab' ? 30 : 0),
    };
  },

  async prepare(ctx) {
    for (const vm of await bootAll(ctx)) {
      // The enrolment: the guest's address, its host key as it printed it, and its facts (qemu, TCG or KVM).
      const e = ctx.ledger.intend(vm.host, 'guest', vm.address, {
        hostKey: vm.hostKey,
        accel: vm.accel,
        virt: vm.facts.virt,
        cpus: vm.facts.cpus,
        hostname: vm.facts.hostname,
        bootMs: vm.bootMs,
        note: emulationNote(vm.accel) ?? null,
      });
      ctx.ledger.created(e.id);
    }
  },

  async health(ctx) {
    const out: string[] = [];
    for (const h of ctx.hosts) {
      const n = vmNames(ctx.settings.stateDir, ctx.campaignId, ctx.platform, h.ordinal);
      const key = ctx.ledger.open().find((e) => e.kind === 'guest' && e.host === h.name)?.detail.hostKey;
      const addr = ctx.settings.addresses[h.ordinal] ?? '';
      if (typeof key !== 'string') {
        out.push(`host ${h.name}: no VM enrolled`);
        continue;
      }
      const r = await h.run(['sh', '-c', SSH_PROBE_SCRIPT, 'virtlab-qemu', n.dir, addr, key], { timeoutMs: 60_000 });
      if (r.code !== 0) out.push(`host ${h.name}: its VM at ${addr} does not answer ssh (${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`})`);
    }
    return out;
  },

  wrap: wrapArgv,
  reach: (guest) => {
    const sec = serverStartSec(guest.settings);
    const control = controlSec(guest.settings);
    return {
      address: guest.settings.addresses[guest.host.ordinal] ?? '',
      ...(sec !== undefined ? { serverStartSec: sec } : {}),
      ...(control !== undefined ? { controlSec: control } : {}),
    };
  },
  // ranks run inside the VMs, started by mpirun in the first VM over ssh between VMs (keys: the VMs' own).
  mpi: () => ({ kind: 'host' }),
  teardown: (
    entries: readonly LedgerEntry[],
    ctx: { hostOf(name: string): HostShell | undefined; ledger: PrepareContext<QemuSettings>['ledger']; say(line: string): void },
  ) => teardownQemu(entries, ctx),
};
