// Every problem of a QEMU platform before any run, each a sentence naming the host (pure: from the hosts' probes).
import type { HostProbe, ImageInfo } from './host-probe.ts';
import type { QemuSettings } from './settings.ts';

export const QEMU_INSTALL_PLAN = 'apt-get install --no-install-recommends qemu-system-x86 qemu-utils e2fsprogs iproute2 openssh-client util-linux';

/** The accelerator a host's VM will use, or why none can. */
export function acceleratorFor(s: QemuSettings, p: HostProbe): { accel: 'kvm' | 'tcg' } | { error: string } {
  if (s.accelerator === 'tcg') return { accel: 'tcg' };
  if (p.kvmDevice && p.cpuVirtFlags) return { accel: 'kvm' };
  if (s.allowTcg) return { accel: 'tcg' };
  const why = p.kvmDevice ? '/dev/kvm exists but the CPU shows no vmx/svm, so KVM cannot boot a stock guest here' : 'it has no usable /dev/kvm';
  return { error: `KVM cannot run on this host (${why}); allow TCG (full emulation: every figure then says so) or use hosts with hardware virtualization` };
}

/** What qemu-img info says against what the platform says: the format, a backing chain, qcow2's corrupt flag. */
export function imageFormatProblems(where: string, path: string, format: 'raw' | 'qcow2', info: ImageInfo | { error: string }): string[] {
  if ('error' in info) return [`${where}: qemu-img cannot read base image ${path} (${info.error})`];
  const out: string[] = [];
  if (info.format !== format)
    out.push(`${where}: base image ${path} is ${info.format} (qemu-img info), not ${format} as the platform says; set image.format to what the file is`);
  if (info.backing !== undefined)
    out.push(
      `${where}: base image ${path} is an overlay whose data is partly in ${info.backing} (a backing chain): give a standalone image (qemu-img convert -O qcow2 ${path} NEW)`,
    );
  if (info.corrupt) out.push(`${where}: base image ${path} is marked corrupt by QEMU (qcow2's corrupt flag); repair it (qemu-img check -r all) or use another`);
  return out;
}

/** The CPU models VirtLab runs under TCG: QEMU's own (max: every feature TCG emulates; qemu64/qemu32: a plain baseline).
 *  A named model (Skylake-Server, EPYC...) asks for features TCG does not emulate, which QEMU drops with a warning, so
 *  the guest would not be that CPU; `host` passes the host's CPU through, which only KVM can. */
export const TCG_CPU_MODELS = ['max', 'qemu64', 'qemu32'] as const;

/** The platform's -cpu against the accelerator this host's VM gets and the models the host's QEMU knows. */
export function cpuModelProblems(where: string, cpuModel: string, accel: 'kvm' | 'tcg', known: readonly string[]): string[] {
  const model = cpuModel.split(',')[0] ?? cpuModel;
  if (accel === 'tcg' && model === 'host')
    return [`${where}: CPU model host passes the host's CPU through, which only KVM can, and this host's VMs run under TCG; use max or qemu64`];
  if (accel === 'tcg' && !(TCG_CPU_MODELS as readonly string[]).includes(model))
    return [
      `${where}: CPU model ${model} asks for CPU features TCG does not emulate (QEMU would drop them), and this host's VMs run under TCG; use ${TCG_CPU_MODELS.join(', ')}`,
    ];
  if (known.length > 0 && !known.includes(model)) return [`${where}: its QEMU knows no CPU model ${model} (qemu-system-x86_64 -cpu help lists them)`];
  return [];
}

export interface HostCheck {
  name: string;
  address: string;
  probe: HostProbe;
}

/** `answering`: VM addresses that already answer on the network (seen from their host). */
export function qemuProblems(s: QemuSettings, hosts: readonly HostCheck[], answering: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (s.addresses.length < hosts.length) out.push(`settings.addresses names ${s.addresses.length} VM address(es) for ${hosts.length} hosts: one per host`);
  const seen = new Set<string>();
  for (const a of s.addresses) {
    if (seen.has(a)) out.push(`address clash: ${a} is given to two VMs`);
    seen.add(a);
    const host = hosts.find((h) => h.address === a);
    if (host) out.push(`address clash: ${a} is the address of host ${host.name}`);
    if (s.gateway === a) out.push(`address clash: ${a} is also the VMs' gateway`);
    if (answering.has(a)) out.push(`address clash: ${a} already answers on the network, so another machine has it`);
  }
  for (const h of hosts) {
    const p = h.probe;
    const where = `host ${h.name}`;
    const missing = Object.entries(p.tools)
      .filter(([, ok]) => !ok)
      .map(([t]) => t);
    if (missing.length) out.push(`${where} lacks ${missing.join(', ')}, which plain-QEMU VMs need; install with: ${QEMU_INSTALL_PLAN}`);
    if (p.uid !== 0) out.push(`${where}: VirtLab's session there is not root (uid ${p.uid}), and making a VM's tap needs root`);
    const accel = acceleratorFor(s, p);
    if ('error' in accel) out.push(`${where}: ${accel.error}`);
    else out.push(...cpuModelProblems(where, s.cpuModel, accel.accel, p.cpuModels));
    if (s.vcpus > p.cpus) out.push(`${where} has ${p.cpus} CPU(s), fewer than the ${s.vcpus} vCPUs asked for each VM`);
    if (s.memoryMiB >= p.memoryMiB) out.push(`${where} has ${p.memoryMiB} MiB of memory, not more than the ${s.memoryMiB} MiB asked for each VM`);
    if (s.network.mode === 'bridge' && !p.bridgeExists) out.push(`${where} has no bridge ${s.network.bridge} for the VMs' taps`);
    if (s.network.mode === 'routed' && !p.ipForward)
      out.push(`${where} does not forward IPv4 (net.ipv4.ip_forward=0), so a routed VM could reach nothing beyond it; use a bridge, or turn forwarding on`);
    if (s.image.source === 'file') {
      const img = p.image;
      if (!img?.exists) out.push(`${where} has no base image ${s.image.path}`);
      else {
        if (s.image.sha256 !== undefined && img.sha256 !== s.image.sha256)
          out.push(`${where}: base image ${s.image.path} is corrupt or another file (sha256 ${img.sha256 || 'unreadable'}, expected ${s.image.sha256})`);
        out.push(...imageFormatProblems(where, s.image.path, s.image.format, img.info));
      }
      if (img && !img.kernel) out.push(`${where} has no kernel ${s.image.kernel}`);
      if (img && !img.initrd) out.push(`${where} has no initramfs ${s.image.initrd}`);
    }
  }
  return out;
}
