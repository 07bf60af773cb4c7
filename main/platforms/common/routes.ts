// Bridge networks without NAT: each host routes the other hosts' container subnets to those hosts and forwards
// between its bridge and its uplink. What is changed goes in the ledger first; common/teardown.ts undoes it.
import type { HostShell, PrepareContext } from '../provider.ts';
import { hostSubnet } from './names.ts';
import { must } from './run.ts';

export async function routePeers(ctx: PrepareContext<unknown>, subnet16: string, slot?: number): Promise<void> {
  if (ctx.hosts.length < 2) return;
  for (const h of ctx.hosts) {
    const fwd = (await must(h, ['cat', '/proc/sys/net/ipv4/ip_forward'], 'reading ip_forward')).trim();
    if (fwd !== '1') {
      const e = ctx.ledger.intend(h.name, 'sysctl', 'net.ipv4.ip_forward', { previous: fwd });
      await must(h, ['sh', '-c', 'echo 1 > /proc/sys/net/ipv4/ip_forward'], 'turning on ip_forward');
      ctx.ledger.created(e.id);
    }
    for (const peer of ctx.hosts.filter((p) => p !== h)) {
      const route = [hostSubnet(subnet16, { campaignId: ctx.campaignId, host: peer, slot }), 'via', peer.address];
      const e = ctx.ledger.intend(h.name, 'route', route.join(' '), { route });
      await must(h, ['ip', 'route', 'replace', ...route], `routing ${peer.name}'s containers`);
      ctx.ledger.created(e.id);
    }
  }
}

/** A bridge the runtime made for us (removed with its network) may forward whatever the host's default for new links is. */
export async function letBridgeForward(h: HostShell, bridge: string): Promise<void> {
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(bridge)) throw new Error(`${h.name}: unexpected bridge name ${JSON.stringify(bridge)}`);
  await must(h, ['sh', '-c', 'echo 1 > "/proc/sys/net/ipv4/conf/$1/forwarding"', 'virtlab', bridge], 'letting the bridge forward');
}
