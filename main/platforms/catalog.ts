// THE list of platform providers as the contract and the wizard see them: name, technology, what its endpoints are,
// and its settings schema (pure zod). The Node side of each provider (prepare, wrap, teardown) is listed in
// registry.ts; docs/DEVELOPING.md "the three kinds of module".
import type { z } from 'zod';
import { nativeSettings } from './native/settings.ts';
import { qemuSettings } from './qemu/settings.ts';
import { sshGuestSettings } from './ssh-guest/settings.ts';

export interface ProviderDescription {
  name: string;
  title: string;
  /** The technology class (main/contract/scenarios.ts TechnologyId) its platforms are compared as. */
  technology: 'native' | 'hw-vm' | 'full-virt' | 'para-virt' | 'os-level';
  /** What a platform's endpoints are: the hosts themselves (the provider makes its guests on them), or existing SSH guests. */
  endpoints: 'hosts' | 'guests';
  /** The product recorded with the platform unless the user names another. */
  product: string;
  settings: z.ZodTypeAny;
  /** One line the wizard shows under the choice (what it does, what is untested). */
  help: string;
}

export const providerCatalog = [
  { name: 'native', title: 'Native (the hosts themselves)', technology: 'native', endpoints: 'hosts', product: 'bare metal', settings: nativeSettings,
    help: 'Runs every benchmark on the hosts as they are: the baseline.' },
  { name: 'ssh-guest', title: 'Existing SSH guests', technology: 'os-level', endpoints: 'guests', product: 'guest', settings: sshGuestSettings,
    help: 'Guests someone else made and enrolled (each with its own sshd); VirtLab neither creates nor removes them.' },
  { name: 'qemu', title: 'QEMU virtual machines', technology: 'full-virt', endpoints: 'hosts', product: 'QEMU', settings: qemuSettings,
    help: 'VirtLab boots one VM a host with plain QEMU (KVM, or TCG emulation where allowed), enrols it over ssh and removes it at the end.' },
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

/** A provider's settings read by its schema, or every problem with their paths. */
export function parseProviderSettings(name: string, raw: unknown): { settings: Record<string, unknown> } | { error: string } {
  const d = describeProvider(name);
  if (!d) return { error: `no platform provider "${name}" (known: ${PROVIDER_NAMES.join(', ')})` };
  const r = d.settings.safeParse(raw ?? {});
  if (!r.success) return { error: r.error.issues.map((i) => `settings.${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ') };
  return { settings: r.data as Record<string, unknown> };
}
