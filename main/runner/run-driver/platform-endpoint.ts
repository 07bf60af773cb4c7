// A platform's hosts as benchmark endpoints, through its provider: where commands run (the host, or inside its guest
// via the provider's wrap) and how peers reach it (reach: address, and the fixed ports of a server role).
import { providerOf } from '../../lab-model/platforms.ts';
import { guestChannel } from '../../platforms/guest-channel.ts';
import type { GuestRef } from '../../platforms/provider.ts';
import { recordedSlot } from '../../platforms/common/bridge-slot.ts';
import { providerNamed } from '../../platforms/registry.ts';
import type { Repos } from '../../store/repos/index.ts';
import type { StoredHost } from '../../store/repos/hosts.ts';
import type { ChannelHost } from '../../ssh/pool.ts';
import { RunnerError } from '../errors.ts';
import type { BenchEndpoint } from '../remote.ts';

export function platformEndpoints(
  repos: Repos,
  campaignId: number,
  platform: string,
  channel: (h: StoredHost) => ChannelHost,
): (h: StoredHost) => BenchEndpoint {
  const p = repos.platforms.findByName(platform);
  const provider = p ? providerNamed(providerOf(p)) : undefined;
  const ordinals = new Map<number, number>();
  if (p) for (const e of repos.platforms.listEndpoints(p.id)) ordinals.set(e.hostId, e.ordinal);
  const bridgeSlot = p ? recordedSlot(repos.platformResources.open(campaignId, platform)) : undefined;
  return (h) => {
    const host = channel(h);
    const plain: BenchEndpoint = { name: h.name, host, address: h.address, user: h.user };
    if (!p) return plain;
    if (!provider) throw new RunnerError('config', `platform ${platform}: provider ${providerOf(p)} is not available in this VirtLab`);
    if (!provider.estimatePrepare(p.settings, 1)) return plain; // used as it is: the host or SSH guest itself
    const guest: GuestRef = {
      campaignId,
      platform,
      settings: p.settings,
      host: { name: h.name, address: h.address, ordinal: ordinals.get(h.id) ?? 0 },
      ...(bridgeSlot !== undefined ? { prepared: { bridgeSlot } } : {}),
    };
    const reach = provider.reach(guest);
    const mpi = provider.mpi(p.settings);
    return {
      ...plain,
      ...(mpi.kind === 'wrapped'
        ? { ranksFromHost: { host: plain, rankPrefix: mpi.rankPrefix({ campaignId, platform, settings: p.settings }), network: mpi.network } }
        : {}),
      host: guestChannel(host, (argv) => provider.wrap(guest, argv), `${host.label} (${provider.describe.name} ${platform})`),
      wrap: (argv) => provider.wrap(guest, argv),
      address: reach.address,
      ...(reach.ports ? { ports: reach.ports } : {}),
      ...(reach.serverStartSec !== undefined ? { serverStartSec: reach.serverStartSec } : {}),
      ...(reach.controlSec !== undefined ? { controlSec: reach.controlSec } : {}),
    };
  };
}
