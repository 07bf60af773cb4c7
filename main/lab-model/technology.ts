// The virtualization taxonomy of a comparison. The technology is the class; product and version are free text
// ("KVM" 6.2, "Docker" 24.0, "OpenVZ" 7), because the comparison is between classes, the product is for the record.
import { TECHNOLOGIES } from '../store/migrations/001-inventory.ts';

export type Technology = (typeof TECHNOLOGIES)[number];
export { TECHNOLOGIES };

export function isTechnology(value: string): value is Technology {
  return (TECHNOLOGIES as readonly string[]).includes(value);
}

/** The technology class a guest's recorded kind (main/contract/hosts.ts GuestTechnology) belongs to; undefined when it says nothing. */
export function technologyOfGuestKind(kind: string): Technology | undefined {
  switch (kind) {
    case 'native':
      return 'native';
    case 'kvm':
      return 'hw-vm';
    case 'qemu':
      return 'full-virt';
    // Xen runs both PV and HVM guests: the kind alone cannot tell.
    case 'xen':
      return undefined;
    case 'lxc':
    case 'docker':
    case 'podman':
    case 'openvz':
    case 'vserver':
    case 'namespace':
      return 'os-level';
    default:
      return undefined;
  }
}
