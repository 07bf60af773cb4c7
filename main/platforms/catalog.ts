// THE list of platform providers as the contract and the wizard see them: name, technology, what its endpoints are,
// and its settings schema (pure zod). The Node side of each provider (prepare, wrap, teardown) is listed in
// registry.ts; docs/DEVELOPING.md "the three kinds of module".
import type { z } from 'zod';
import { nativeSettings } from './native/settings.ts';
import { qemuSettings } from './qemu/settings.ts';
import { sshGuestSettings } from './ssh-guest/settings.ts';
import { podmanSettings } from './podman/settings.ts';
import { dockerSettings } from './docker/settings.ts';
import { charliecloudSettings } from './charliecloud/settings.ts';
import { lxcSettings } from './lxc/settings.ts';
import { plainIssueMessage } from './common/settings.ts';

export interface ProviderDescription {
  name: string;
  title: string;
  /** The technology class (main/contract/scenarios.ts TechnologyId) its platforms are compared as. */
  technology: 'native' | 'hw-vm' | 'full-virt' | 'para-virt' | 'os-level';
  /** Other technologies its platforms may be recorded as (e.g. a VM provider that runs with KVM or under emulation). */
  alsoTechnologies?: readonly ('hw-vm' | 'full-virt' | 'para-virt' | 'os-level')[];
  /** What a platform's endpoints are: the hosts themselves (the provider makes its guests on them), or existing SSH guests. */
  endpoints: 'hosts' | 'guests';
  /** The product recorded with the platform unless the user names another. */
  product: string;
  settings: z.ZodTypeAny;
  /** One line the wizard shows under the choice (what it does, what is untested). */
  help: string;
}

export const providerCatalog = [
  {
    name: 'native',
    title: 'Native (the hosts themselves)',
    technology: 'native',
    endpoints: 'hosts',
    product: 'bare metal',
    settings: nativeSettings,
    help: 'Runs every benchmark on the hosts as they are: the baseline.',
  },
  {
    name: 'ssh-guest',
    title: 'Existing SSH guests',
    technology: 'os-level',
    endpoints: 'guests',
    product: 'guest',
    settings: sshGuestSettings,
    help: 'Guests someone else made and enrolled (each with its own sshd); VirtLab neither creates nor removes them.',
  },
  {
    name: 'qemu',
    title: 'QEMU virtual machines',
    technology: 'full-virt',
    endpoints: 'hosts',
    product: 'QEMU',
    settings: qemuSettings,
    help: 'VirtLab boots one VM a host with plain QEMU (KVM, or TCG emulation where allowed), enrols it over ssh and removes it at the end.',
  },
  {
    name: 'podman',
    title: 'Podman containers',
    technology: 'os-level',
    endpoints: 'hosts',
    product: 'Podman',
    settings: podmanSettings,
    help: 'One container per host made by VirtLab from an image, reached through `podman exec` (no sshd inside), removed at the end. Rootful; rootless is not supported yet.',
  },
  {
    name: 'docker',
    title: 'Docker containers',
    technology: 'os-level',
    endpoints: 'hosts',
    product: 'Docker',
    settings: dockerSettings,
    help: 'One container per host from an image the daemon has (or a root file system tarball VirtLab imports; never pulled), commands through docker exec. Bridge networks are internal (no NAT); VirtLab adds no firewall rules, so run dockerd with --iptables=false.',
  },
  {
    name: 'lxc',
    title: 'LXC system containers',
    technology: 'os-level',
    endpoints: 'hosts',
    product: 'LXC',
    settings: lxcSettings,
    help: 'One system container per host (lxc-start from a root file system tarball VirtLab unpacks, an overlay per container), commands through lxc-attach; a bridge of its own with static addresses (no DHCP, no NAT).',
  },
  {
    name: 'charliecloud',
    title: 'Charliecloud (ch-run)',
    technology: 'os-level',
    endpoints: 'hosts',
    product: 'Charliecloud',
    settings: charliecloudSettings,
    help: "The unprivileged HPC runtime: every command through its own ch-run on an image VirtLab unpacks from a root file system tarball (a writable copy per campaign), no daemon, the host's network. MPI the way Charliecloud documents it: the hosts' own mpirun starts each rank through ch-run (the image's MPI must be the hosts' version; checked before the run).",
  },
] as const satisfies readonly ProviderDescription[];

export type ProviderName = (typeof providerCatalog)[number]['name'];
export const PROVIDER_NAMES = providerCatalog.map((p) => p.name) as [ProviderName, ...ProviderName[]];

export function describeProvider(name: string): ProviderDescription | undefined {
  return (providerCatalog as readonly ProviderDescription[]).find((p) => p.name === name);
}

/** The provider of a platform stored before providers existed: native for native, SSH guests otherwise. */
export function defaultProvider(technology: string): ProviderName {
  return technology === 'native' ? 'native' : 'ssh-guest';
}

/** Whether a provider can make (or use) platforms of a technology: its own, the ones it also names, and, for a provider
 * of existing guests, any technology but native. */
export function providesTechnology(d: ProviderDescription, technology: string): boolean {
  if (d.technology === technology || d.alsoTechnologies?.includes(technology as never)) return true;
  return d.endpoints === 'guests' && technology !== 'native';
}

/** The providers the wizard and the CLI offer for a technology, in catalog order. */
export function providersFor(technology: string): ProviderDescription[] {
  return (providerCatalog as readonly ProviderDescription[]).filter((d) => providesTechnology(d, technology));
}

export interface SettingsIssue {
  path: string;
  message: string;
}

/** A zod issue path as the UI and CLI write it: `settings.network.bridge`, `settings.addresses[1]`. */
export function settingsPath(path: readonly PropertyKey[], prefix = 'settings'): string {
  return path.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : `${out}${out ? '.' : ''}${String(k)}`), prefix);
}

/** A provider's settings read by its own schema, or every problem with its path (`settings.image`, ...). */
export function checkProviderSettings(name: string, raw: unknown): { settings: Record<string, unknown> } | { issues: SettingsIssue[] } {
  const d = describeProvider(name);
  if (!d) return { issues: [{ path: 'provider', message: `no platform provider "${name}" (known: ${PROVIDER_NAMES.join(', ')})` }] };
  const r = d.settings.safeParse(raw ?? {});
  if (!r.success) return { issues: r.error.issues.map((i) => ({ path: settingsPath(i.path), message: plainIssueMessage(i) })) };
  return { settings: r.data as Record<string, unknown> };
}

/** A provider's settings read by its schema, or every problem with their paths in one sentence. */
export function parseProviderSettings(name: string, raw: unknown): { settings: Record<string, unknown> } | { error: string } {
  const r = checkProviderSettings(name, raw);
  if ('settings' in r) return r;
  if (r.issues[0]?.path === 'provider') return { error: r.issues[0].message };
  return { error: r.issues.map((i) => `${i.path === 'settings' ? 'settings.(root)' : i.path}: ${i.message}`).join('; ') };
}
