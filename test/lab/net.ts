// The bridge, namespaces, veths and routes; plus the guard that keeps every lab packet on this machine.
import { run, ipBatch, tryRun } from './exec.ts';
import type { LabConfig } from './config.ts';
import * as C from './config.ts';

interface IpRoute {
  dst: string;
  dev?: string;
  type?: string;
}
interface IpAddr {
  ifname: string;
  addr_info: { local: string; prefixlen: number }[];
}

function inBlock(c: LabConfig, addr: string): boolean {
  return addr.startsWith(`10.${c.octet}.`);
}

/** Throws when anything outside the lab already uses the lab's address block in the root namespace. */
export async function assertBlockFree(c: LabConfig): Promise<void> {
  const addrs = JSON.parse((await run('ip', ['-j', 'addr'])).stdout) as IpAddr[];
  for (const a of addrs) {
    if (a.ifname === C.bridgeName(c)) continue;
    for (const i of a.addr_info) if (inBlock(c, i.local)) throw new Error(`${C.block(c)} is in use: ${i.local} on ${a.ifname}`);
  }
  const routes = JSON.parse((await run('ip', ['-j', 'route'])).stdout) as IpRoute[];
  for (const r of routes) {
    const ours = r.dev === C.bridgeName(c) || (r.type === 'unreachable' && r.dst === C.block(c));
    if (!ours && inBlock(c, r.dst)) {
      throw new Error(`${C.block(c)} is routed elsewhere: ${r.dst} dev ${r.dev ?? r.type}`);
    }
  }
}

/** Refuses a target address whose route from the root namespace is not a lab bridge or loopback. */
export async function assertLabTarget(address: string, bridge: string = C.bridgeName(C.defaultConfig)): Promise<void> {
  const res = await tryRun('ip', ['-j', 'route', 'get', address]);
  const dev = res ? (JSON.parse(res.stdout) as IpRoute[])[0]?.dev : undefined;
  if (dev !== bridge && dev !== 'lo') {
    throw new Error(`refusing ${address}: its route is ${dev ? `via ${dev}` : 'unreachable'}, not the lab bridge or loopback`);
  }
}

export async function listLabNetns(c: LabConfig): Promise<string[]> {
  const out = (await run('ip', ['netns', 'list'])).stdout;
  return out
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith(`${c.prefix}-`));
}

/** Unreachable block route first, so that no packet for the block can ever leave by the default route. */
export async function ensureBridge(c: LabConfig): Promise<void> {
  const br = C.bridgeName(c);
  await ipBatch(
    [`route replace unreachable ${C.block(c)}`, `link add ${br} type bridge`, `addr add ${C.bridgeAddress(c)}/24 dev ${br}`, `link set ${br} up`],
    undefined,
    true,
  );
}

/** Root side of hosts: namespace, veth onto the bridge. Idempotent with -force. */
export async function addHostLinks(c: LabConfig, indexes: number[]): Promise<void> {
  const lines: string[] = [];
  for (const i of indexes) {
    const ns = C.hostName(c, i);
    lines.push(
      `netns add ${ns}`,
      `link add ${C.hostVeth(c, i)} type veth peer name ${C.NS_IFACE} netns ${ns}`,
      `link set ${C.hostVeth(c, i)} master ${C.bridgeName(c)} up`,
    );
  }
  await ipBatch(lines, undefined, true);
}

/** Inside host i: its address, and routes to every other veth guest's subnet via that guest's host. */
export async function configureHostNs(c: LabConfig, i: number, vethGuests: number[]): Promise<void> {
  const lines = ['link set lo up', `addr replace ${C.hostAddress(c, i)}/24 dev ${C.NS_IFACE}`, `link set ${C.NS_IFACE} up`];
  for (const j of vethGuests) if (j !== i) lines.push(`route replace ${C.guestSubnet(c, j)} via ${C.hostAddress(c, j)} dev ${C.NS_IFACE}`);
  await ipBatch(lines, C.hostName(c, i));
}

/** The guest's veth: host side in host i's namespace (gateway), guest side in the guest's namespace. */
export async function addGuestLink(c: LabConfig, i: number): Promise<void> {
  const host = C.hostName(c, i);
  const guest = C.guestName(c, i);
  await ipBatch(
    [
      `link add ${C.GUEST_VETH_HOST_SIDE} type veth peer name ${C.NS_IFACE} netns ${guest}`,
      `addr replace ${C.guestGateway(c, i)}/24 dev ${C.GUEST_VETH_HOST_SIDE}`,
      `link set ${C.GUEST_VETH_HOST_SIDE} up`,
    ],
    host,
  );
  await ipBatch(
    [
      'link set lo up',
      `addr replace ${C.guestAddress(c, i)}/24 dev ${C.NS_IFACE}`,
      `link set ${C.NS_IFACE} up`,
      // The whole lab block via the host: no default route, so nothing else is reachable.
      `route replace ${C.block(c)} via ${C.guestGateway(c, i)} dev ${C.NS_IFACE}`,
    ],
    guest,
  );
}

/** Root namespace: the route to each veth guest's subnet via its host; removal of stale ones. */
export async function setRootGuestRoutes(c: LabConfig, vethGuests: number[], stale: number[]): Promise<void> {
  const lines = vethGuests.map((i) => `route replace ${C.guestSubnet(c, i)} via ${C.hostAddress(c, i)} dev ${C.bridgeName(c)}`);
  for (const i of stale) lines.push(`route del ${C.guestSubnet(c, i)}`);
  await ipBatch(lines, undefined, true);
}

export async function setLink(ns: string | undefined, dev: string, up: boolean): Promise<void> {
  await run('ip', [...(ns ? ['-n', ns] : []), 'link', 'set', dev, up ? 'up' : 'down']);
}

/** Deletes namespaces, their root-side veths, and optionally the bridge and block route. */
export async function removeNetwork(c: LabConfig, netns: string[], hostIndexes: number[], all: boolean): Promise<void> {
  const lines: string[] = [];
  for (const i of hostIndexes) lines.push(`link del ${C.hostVeth(c, i)}`, `route del ${C.guestSubnet(c, i)}`);
  for (const ns of netns) lines.push(`netns del ${ns}`);
  if (all) lines.push(`link del ${C.bridgeName(c)}`, `route del unreachable ${C.block(c)}`);
  await ipBatch(lines, undefined, true);
}
