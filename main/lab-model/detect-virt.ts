// Compares what a platform declares with what systemd-detect-virt found on an endpoint. A contradiction is a
// finding to show next to the results (e.g. "native" hosts that are themselves VMs), never something to hide.
import type { Technology } from './technology.ts';

/** Output of systemd-detect-virt: plain (container wins over VM), --vm and --container; any may be missing. */
export interface DetectedVirt {
  virt?: string;
  vm?: string;
  container?: string;
}

export type TechnologyCheck = { status: 'agrees'; message: string } | { status: 'contradicts'; message: string } | { status: 'unknown'; message: string };

/** systemd-detect-virt container identifiers. */
export const DETECTED_CONTAINERS = [
  'openvz',
  'lxc',
  'lxc-libvirt',
  'systemd-nspawn',
  'docker',
  'podman',
  'rkt',
  'wsl',
  'proot',
  'pouch',
  'container-other',
] as const;

// VMs that need CPU virtualization extensions; 'qemu' means QEMU without KVM (TCG), 'bochs' is an emulator.
const HW_ASSISTED = new Set([
  'kvm',
  'amazon',
  'microsoft',
  'oracle',
  'vmware',
  'xen',
  'parallels',
  'bhyve',
  'qnx',
  'acrn',
  'apple',
  'google',
  'zvm',
  'powervm',
  'sre',
]);
const EMULATED = new Set(['qemu', 'bochs']);
const PARAVIRT = new Set(['xen', 'uml']);

// Products whose container runtime systemd-detect-virt names; a declared product that names one must match it.
const PRODUCT_CONTAINER: readonly [RegExp, readonly string[]][] = [
  [/docker/i, ['docker']],
  [/podman/i, ['podman']],
  [/\blxc\b|\blxd\b|incus/i, ['lxc', 'lxc-libvirt']],
  [/openvz|virtuozzo/i, ['openvz']],
  [/nspawn/i, ['systemd-nspawn']],
];
const PRODUCT_VM: readonly [RegExp, readonly string[]][] = [
  [/\bkvm\b/i, ['kvm']],
  [/hyper-?v/i, ['microsoft']],
  [/esxi|vmware/i, ['vmware']],
  [/virtualbox/i, ['oracle']],
  [/\bxen\b/i, ['xen']],
  [/\btcg\b/i, ['qemu']],
];

const norm = (s: string | undefined): string | undefined => {
  const t = s?.trim().toLowerCase();
  return t === '' ? undefined : t;
};

function vmAndContainer(d: DetectedVirt): { vm?: string; container?: string } {
  const virt = norm(d.virt);
  let vm = norm(d.vm);
  let container = norm(d.container);
  // The plain output is a container when there is one, otherwise the VM; use it to fill what the flags did not give.
  if (virt !== undefined && virt !== 'none') {
    if ((DETECTED_CONTAINERS as readonly string[]).includes(virt)) container ??= virt;
    else vm ??= virt;
  } else if (virt === 'none') {
    vm ??= 'none';
    container ??= 'none';
  }
  return { ...(vm !== undefined ? { vm } : {}), ...(container !== undefined ? { container } : {}) };
}

function productMismatch(product: string, found: string, table: readonly [RegExp, readonly string[]][]): string | undefined {
  for (const [re, values] of table) {
    if (re.test(product) && !values.includes(found)) return `declared product "${product}" but systemd-detect-virt reports ${found}`;
  }
  return undefined;
}

/** Pure: the declared technology (and product) of an endpoint against its detected facts. */
export function checkTechnology(declared: { technology: Technology; product?: string }, detected: DetectedVirt): TechnologyCheck {
  const { vm, container } = vmAndContainer(detected);
  const product = declared.product?.trim() ?? '';
  const inContainer = container !== undefined && container !== 'none';
  const inVm = vm !== undefined && vm !== 'none';
  if (vm === undefined && container === undefined) return { status: 'unknown', message: 'no systemd-detect-virt output recorded for this endpoint' };

  switch (declared.technology) {
    case 'native':
      if (inContainer) return { status: 'contradicts', message: `declared native but this endpoint runs inside a ${container} container` };
      if (inVm)
        return {
          status: 'contradicts',
          message: `declared native (bare metal) but systemd-detect-virt reports ${vm}: this endpoint is itself a virtual machine, so "native" results include that layer`,
        };
      if (vm === undefined) return { status: 'unknown', message: 'no container detected; whether it is a VM was not recorded' };
      return { status: 'agrees', message: 'no virtualization detected' };
    case 'os-level': {
      if (container === 'none')
        return {
          status: 'contradicts',
          message: `declared os-level${product ? ` (${product})` : ''} but no container detected${/apptainer|singularity/i.test(product) ? ' (Apptainer does not announce itself to systemd-detect-virt)' : ''}`,
        };
      if (container === undefined) return { status: 'unknown', message: 'container detection was not recorded' };
      const bad = product ? productMismatch(product, container, PRODUCT_CONTAINER) : undefined;
      if (bad) return { status: 'contradicts', message: bad };
      return { status: 'agrees', message: `container detected: ${container}${inVm ? ` (inside a ${vm} VM)` : ''}` };
    }
    case 'hw-vm':
    case 'full-virt':
    case 'para-virt': {
      if (inContainer)
        return {
          status: 'contradicts',
          message: `declared ${declared.technology} but this endpoint is a ${container} container${inVm ? ` inside a ${vm} VM` : ''}`,
        };
      if (vm === 'none') return { status: 'contradicts', message: `declared ${declared.technology} but no virtual machine detected` };
      if (vm === undefined) return { status: 'unknown', message: 'VM detection was not recorded' };
      if (declared.technology === 'hw-vm' && EMULATED.has(vm)) {
        return {
          status: 'contradicts',
          message: `declared hardware-assisted VM${product ? ` (${product})` : ''} but systemd-detect-virt reports ${vm}: the CPU is emulated (no KVM acceleration)`,
        };
      }
      const bad = product ? productMismatch(product, vm, PRODUCT_VM) : undefined;
      if (bad) return { status: 'contradicts', message: bad };
      if (declared.technology === 'full-virt' && !EMULATED.has(vm)) {
        const note = vm === 'vmware' ? ' (VMware may use binary translation; detection cannot tell)' : '';
        return vm === 'vmware'
          ? { status: 'agrees', message: `VM detected: vmware${note}` }
          : {
              status: 'contradicts',
              message: `declared full virtualization without hardware help but systemd-detect-virt reports ${vm}, a hardware-assisted hypervisor`,
            };
      }
      if (declared.technology === 'para-virt' && !PARAVIRT.has(vm)) {
        return {
          status: 'contradicts',
          message: `declared paravirtualization but systemd-detect-virt reports ${vm}, which is not a paravirtualizing hypervisor`,
        };
      }
      if (declared.technology === 'hw-vm' && !HW_ASSISTED.has(vm)) {
        return { status: 'contradicts', message: `declared hardware-assisted VM but systemd-detect-virt reports ${vm}` };
      }
      return { status: 'agrees', message: `VM detected: ${vm}${declared.technology === 'para-virt' ? ' (PV and HVM Xen guests both report xen)' : ''}` };
    }
  }
}
