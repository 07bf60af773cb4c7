// The behaviour of endpoints VirtLab uses as they are (native hosts, existing SSH guests): nothing to prepare or
// remove, commands run on the endpoint itself, peers reach it at its own address.
import type { PlatformProvider } from './provider.ts';
import type { ProviderDescription } from './catalog.ts';

export function asIsProvider(describe: ProviderDescription): PlatformProvider {
  return {
    describe,
    check: async () => [],
    estimatePrepare: () => undefined,
    prepare: async () => undefined,
    health: async () => [],
    wrap: (_guest, argv) => [...argv],
    reach: (guest) => ({ address: guest.host.address }),
    mpi: () => ({ kind: 'host' }),
    teardown: async () => [],
  };
}
