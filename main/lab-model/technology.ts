// The virtualization taxonomy of a comparison. The technology is the class; product and version are free text
// ("KVM" 6.2, "Docker" 24.0, "OpenVZ" 7), because the comparison is between classes, the product is for the record.
import { TECHNOLOGIES } from '../store/migrations/001-inventory.ts';

export type Technology = (typeof TECHNOLOGIES)[number];
export { TECHNOLOGIES };

export interface TechnologyInfo {
  id: Technology;
  title: string;
  description: string;
  /** Products people usually mean by this class; suggestions, not a closed list. */
  examples: readonly string[];
}

export const TECHNOLOGY_INFO: Readonly<Record<Technology, TechnologyInfo>> = {
  native: { id: 'native', title: 'Native', description: 'The bare-metal host itself, no virtualization layer.', examples: ['bare metal'] },
  'hw-vm': {
    id: 'hw-vm', title: 'Hardware-assisted VM',
    description: 'A full virtual machine using the CPU virtualization extensions (VT-x / AMD-V).',
    examples: ['KVM', 'Hyper-V', 'ESXi', 'Xen HVM', 'VirtualBox'],
  },
  'full-virt': {
    id: 'full-virt', title: 'Full virtualization (no hardware help)',
    description: 'A virtual machine whose CPU is emulated or binary-translated, e.g. QEMU TCG.',
    examples: ['QEMU TCG', 'Bochs', 'VMware Server'],
  },
  'para-virt': { id: 'para-virt', title: 'Paravirtualization', description: 'A guest kernel modified to call the hypervisor, e.g. Xen PV.', examples: ['Xen PV'] },
  'os-level': {
    id: 'os-level', title: 'OS-level (containers)',
    description: 'Processes isolated by the host kernel (namespaces, cgroups); one kernel for host and guests.',
    examples: ['Docker', 'Podman', 'LXC', 'OpenVZ', 'Apptainer', 'systemd-nspawn'],
  },
};

export function isTechnology(value: string): value is Technology {
  return (TECHNOLOGIES as readonly string[]).includes(value);
}

/** The technology class a guest's recorded kind (main/contract/hosts.ts GuestTechnology) belongs to; undefined when it says nothing. */
export function technologyOfGuestKind(kind: string): Technology | undefined {
  switch (kind) {
    case 'native': return 'native';
    case 'kvm': return 'hw-vm';
    case 'qemu': return 'full-virt';
    // Xen runs both PV and HVM guests: the kind alone cannot tell.
    case 'xen': return undefined;
    case 'lxc': case 'docker': case 'podman': case 'openvz': case 'vserver': case 'namespace': return 'os-level';
    default: return undefined;
  }
}
