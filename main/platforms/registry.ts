// THE list of platform providers (their Node side): one line each. The pure descriptions are in catalog.ts.
import type { AnyPlatformProvider } from './provider.ts';
import { nativeProvider } from './native/provider.ts';
import { qemuProvider } from './qemu/provider.ts';
import { sshGuestProvider } from './ssh-guest/provider.ts';
import { podmanProvider } from './podman/provider.ts';
import { dockerProvider } from './docker/provider.ts';
import { charliecloudProvider } from './charliecloud/provider.ts';
import { lxcProvider } from './lxc/provider.ts';

export const platformProviders: readonly AnyPlatformProvider[] = [
  nativeProvider,
  sshGuestProvider,
  qemuProvider,
  podmanProvider,
  dockerProvider,
  lxcProvider,
  charliecloudProvider,
];

export function providerNamed(name: string): AnyPlatformProvider | undefined {
  return platformProviders.find((p) => p.describe.name === name);
}
