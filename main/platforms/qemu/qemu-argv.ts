// QEMU's command line for one VM (pure). The guest boots the kernel and initramfs of its image directly, writes to a
// copy-on-write overlay, reads its seed disk, talks through a tap, prints to a console log file, and QEMU
// daemonizes with a pidfile so the host's session can return and teardown can find it. The runner's home is a host
// folder shared over virtio-9p.
import type { QemuSettings } from './settings.ts';
import type { VmNames } from './vm-names.ts';

export interface BootFiles {
  overlay: string;
  seed: string;
  kernel: string;
  initrd: string;
  root: string;
}

export const QEMU_BINARY = 'qemu-system-x86_64';
/** 9p mount tag of the shared home. */
export const HOME_TAG = 'vlhome';

export function qemuArgv(s: QemuSettings, accel: 'kvm' | 'tcg', n: VmNames, f: BootFiles): string[] {
  const bus = s.diskBus === 'virtio' ? 'virtio' : 'ide';
  const nic = s.nicModel === 'virtio' ? 'virtio-net-pci' : 'e1000';
  return [
    QEMU_BINARY,
    '-name',
    n.name,
    // tb-size=256 keeps TCG's translation cache (and so QEMU's memory) small: ~0.7 GiB for a 1 GiB guest.
    '-accel',
    accel === 'tcg' ? 'tcg,tb-size=256' : 'kvm',
    // The platform's model under either accelerator (start check: under TCG only QEMU's own models; max under KVM is
    // every feature the host's KVM offers, as host).
    '-cpu',
    s.cpuModel,
    '-smp',
    String(s.vcpus),
    '-m',
    `${s.memoryMiB}M`,
    '-nodefaults',
    '-display',
    'none',
    '-monitor',
    'none',
    '-serial',
    `file:${n.dir}/console.log`,
    '-kernel',
    f.kernel,
    '-initrd',
    f.initrd,
    '-append',
    `root=${f.root} rw console=ttyS0 net.ifnames=0 systemd.show_status=false`,
    '-drive',
    `file=${f.overlay},if=${bus},format=qcow2`,
    // IDE disks cannot be read-only; the guest mounts the seed read-only either way.
    '-drive',
    `file=${f.seed},if=${bus},format=raw${bus === 'virtio' ? ',readonly=on' : ''}`,
    '-netdev',
    `tap,id=n0,ifname=${n.tap},script=no,downscript=no`,
    '-device',
    `${nic},netdev=n0,mac=${n.mac}`,
    // The runner's home, shared at the same path (mounted by the guest setup once ssh answers).
    '-virtfs',
    `local,path=${n.home},mount_tag=${HOME_TAG},security_model=none,id=${HOME_TAG}`,
    '-daemonize',
    '-pidfile',
    `${n.dir}/qemu.pid`,
  ];
}
