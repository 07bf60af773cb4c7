// Building (or converging) the lab to the requested shape; idempotent, keeps healthy endpoints as they are.
import { rmSync, writeFileSync } from 'node:fs';
import { run, tryRun } from './exec.ts';
import * as C from './config.ts';
import type { LabConfig } from './config.ts';
import { CONTAINER_ENV, attachNetns, guestAlive, startGuestInit, stopGuest } from './guest.ts';
import type { LabGuest, LabHost, LabInventory } from './inventory.ts';
import { ensureKey, fingerprint, knownHostsLine, publicKeyLine } from './keys.ts';
import { addGuestLink, addHostLinks, assertBlockFree, configureHostNs, ensureBridge, setRootGuestRoutes } from './net.ts';
import { ensureNodeDirs, nodeDirs, nodeMounts, writeHomes } from './nodes.ts';
import type { NodeDirs } from './nodes.ts';
import { isAlive, stopPid } from './pids.ts';
import { preflight } from './preflight.ts';
import { shapeEnds, unshapeEnds } from './shape.ts';
import { addForward, startSlirp } from './slirp.ts';
import { startGuestSshd, startHostSshd } from './sshd.ts';
import { readState, writeJson, writeState } from './state.ts';
import type { LabOptions, LabState } from './state.ts';
import { removeHosts } from './teardown.ts';
import { LAB_USERS, etcMounts, newPassword, sudoInstalled, writeEtc } from './users.ts';
import { linkEnds } from './links.ts';
import { ensureNeighbourRoom } from './neighbours.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k + 1);

export async function up(c: LabConfig, options: LabOptions): Promise<LabInventory> {
  if (!Number.isInteger(options.hosts) || options.hosts < 1 || options.hosts > C.MAX_HOSTS) {
    throw new Error(`host count must be 1..${C.MAX_HOSTS}, got ${options.hosts}`);
  }
  if (options.userspaceNet.some((u) => u.via === 'pasta')) throw new Error('pasta guests are not implemented yet; use slirp4netns');
  await preflight(options.userspaceNet.length > 0);
  const s: LabState = readState(c) ?? { config: c, options, hosts: [], guestNetwork: {}, pids: {}, passwords: {} };
  s.options = options;
  for (const u of LAB_USERS) s.passwords[u.name] ??= newPassword();
  try {
    return await converge(c, s, options);
  } finally {
    writeState(c, s);
  }
}

async function converge(c: LabConfig, s: LabState, o: LabOptions): Promise<LabInventory> {
  const P = C.paths(c);
  const want = range(o.hosts);
  const netOf = (i: number) => o.userspaceNet.find((u) => u.host === C.hostName(c, i))?.via ?? 'veth';
  await removeHosts(
    c,
    s,
    s.hosts.filter((i) => !want.includes(i)),
  );
  await assertBlockFree(c);
  await ensureBridge(c);
  s.neighbours = ensureNeighbourRoom(o.hosts, s.neighbours);

  await ensureKey(P.labKey, 'virtlab-lab');
  const dirs = new Map<string, NodeDirs>();
  for (const i of want) for (const n of [C.hostName(c, i), C.guestName(c, i)]) dirs.set(n, nodeDirs(P.node(n)));
  await Promise.all([...dirs].map(([n, d]) => ensureNodeDirs(d, n)));
  const withSudo = await sudoInstalled();
  const users = await writeEtc(P.etc, s.passwords, withSudo);
  const commonMounts = etcMounts(P.etc, withSudo);

  // Guests to (re)build: missing, dead, or on another kind of network than requested.
  const rebuild = want.filter((i) => {
    const g = s.pids[C.guestName(c, i)] ?? {};
    return !guestAlive(g) || !isAlive(g.sshd) || s.guestNetwork[C.hostName(c, i)] !== netOf(i);
  });
  for (const i of rebuild) {
    const g = C.guestName(c, i);
    await stopGuest(s.pids[g] ?? {});
    await stopPid(s.pids[g]?.slirp);
    delete s.pids[g];
    await tryRun('ip', ['netns', 'del', g]);
  }

  await addHostLinks(c, want);
  s.hosts = want;
  const vethGuests = want.filter((i) => netOf(i) === 'veth');

  // Files every endpoint sees: /etc/hosts, known_hosts and homes.
  const inv = describe(c, s, o, dirs, vethGuests, users, withSudo);
  const knownHosts =
    [...inv.hosts, ...inv.guests].map((e) => knownHostsLine(e.port === 22 ? [e.name, e.address] : [e.address], e.port, e.hostKeyPublic)).join('\n') + '\n';
  writeFileSync(P.knownHosts, knownHosts);
  const hostsLines = [
    '127.0.0.1 localhost',
    ...inv.hosts.map((h) => `${h.address} ${h.name}`),
    ...inv.guests.filter((g) => g.network === 'veth').map((g) => `${g.address} ${g.name}`),
  ];
  const authorizedKeys = publicKeyLine(`${P.labKey}.pub`) + '\n';
  for (const [n, d] of dirs) {
    const own = hostsLines.some((l) => l.endsWith(` ${n}`)) ? [] : [`127.0.1.1 ${n}`];
    writeFileSync(d.etcHosts, [...hostsLines, ...own, ''].join('\n'));
    writeHomes(d, users, { labKey: P.labKey, knownHosts, authorizedKeys });
  }

  await Promise.all(
    rebuild.map(async (i) => {
      const g = C.guestName(c, i);
      const p = await startGuestInit(C.hostName(c, i), g, dirs.get(g)!.dir, [...nodeMounts(dirs.get(g)!), ...commonMounts]);
      s.pids[g] = { init: p.initPid, unshare: p.unsharePid };
      await attachNetns(g, p.initPid);
    }),
  );
  await Promise.all(want.map((i) => configureHostNs(c, i, vethGuests)));
  await Promise.all(
    rebuild.map(async (i) => {
      const g = C.guestName(c, i);
      s.guestNetwork[C.hostName(c, i)] = netOf(i);
      if (netOf(i) === 'veth') return addGuestLink(c, i);
      const spec = o.userspaceNet.find((u) => u.host === C.hostName(c, i))!;
      const slirp = await startSlirp(C.hostName(c, i), g, s.pids[g]!.init!, dirs.get(g)!.dir, C.block(c));
      s.pids[g]!.slirp = slirp.pid;
      for (const f of forwardsOf(spec.forwards)) await addForward(slirp, C.hostAddress(c, i), f);
    }),
  );
  await setRootGuestRoutes(
    c,
    vethGuests,
    want.filter((i) => !vethGuests.includes(i)),
  );

  await Promise.all(
    want.map(async (i) => {
      const h = C.hostName(c, i);
      const g = C.guestName(c, i);
      s.pids[h] ??= {};
      if (!isAlive(s.pids[h]!.sshd)) s.pids[h]!.sshd = await startHostSshd(h, h, dirs.get(h)!, [...nodeMounts(dirs.get(h)!), ...commonMounts]);
      if (!isAlive(s.pids[g]!.sshd)) s.pids[g]!.sshd = await startGuestSshd(s.pids[g]!.init!, dirs.get(g)!);
    }),
  );

  // Only touch qdiscs that change: rebuilt links start unshaped, kept ones carry what state.shaped says.
  const shaped = s.shaped ?? {};
  for (const e of [...inv.hosts, ...inv.guests]) {
    const rate = o.shape[e.name];
    const had = rebuild.includes(Number(/h(\d+)/.exec(e.name)?.[1])) && e.kind === 'guest' ? undefined : shaped[e.name];
    if (had && had !== rate) await unshapeEnds(linkEnds(c, e));
    if (rate && rate !== had) await shapeEnds(linkEnds(c, e), rate);
  }
  s.shaped = { ...o.shape };

  const final = describe(c, s, o, dirs, vethGuests, users, withSudo);
  final.detectVirt = await detectVirt(s.pids[C.guestName(c, 1)]?.init);
  writeJson(P.inventory, final);
  return final;
}

export function forwardsOf(extra: LabInventory['guests'][number]['forwards']) {
  return [{ proto: 'tcp' as const, hostPort: C.GUEST_SSH_FORWARD_PORT, guestPort: 22 }, ...extra];
}

async function detectVirt(initPid: number | undefined): Promise<string> {
  if (!initPid) return '';
  const r = await run('nsenter', ['-t', String(initPid), '-m', '-u', '-n', '-p', 'systemd-detect-virt', '--container']).catch((e: Error) => ({
    stdout: `error: ${e.message}`,
  }));
  return r.stdout.trim();
}

function describe(
  c: LabConfig,
  s: LabState,
  o: LabOptions,
  dirs: Map<string, NodeDirs>,
  vethGuests: number[],
  users: LabInventory['passwordUsers'],
  withSudo: boolean,
): LabInventory {
  const P = C.paths(c);
  const key = (n: string) => publicKeyLine(`${dirs.get(n)!.hostKey}.pub`);
  const hosts: LabHost[] = s.hosts.map((i) => {
    const name = C.hostName(c, i);
    return {
      kind: 'host',
      name,
      hostname: name,
      index: i,
      address: C.hostAddress(c, i),
      port: 22,
      hostKeyPublic: key(name),
      hostKeyFingerprint: fingerprint(key(name)),
      netns: name,
      dir: dirs.get(name)!.dir,
      veth: C.hostVeth(c, i),
      pids: { sshd: s.pids[name]?.sshd ?? 0 },
      ...(o.shape[name] ? { shape: o.shape[name] } : {}),
    };
  });
  const guests: LabGuest[] = s.hosts.map((i) => {
    const name = C.guestName(c, i);
    const veth = vethGuests.includes(i);
    const spec = o.userspaceNet.find((u) => u.host === C.hostName(c, i));
    const p = s.pids[name] ?? {};
    return {
      kind: 'guest',
      name,
      hostname: name,
      host: C.hostName(c, i),
      technology: 'os-level',
      network: veth ? 'veth' : spec!.via,
      address: veth ? C.guestAddress(c, i) : C.hostAddress(c, i),
      port: veth ? 22 : C.GUEST_SSH_FORWARD_PORT,
      innerAddress: veth ? C.guestAddress(c, i) : C.SLIRP_GUEST_ADDRESS,
      ...(veth ? { subnet: C.guestSubnet(c, i) } : {}),
      forwards: veth ? [] : forwardsOf(spec!.forwards),
      hostKeyPublic: key(name),
      hostKeyFingerprint: fingerprint(key(name)),
      netns: name,
      dir: dirs.get(name)!.dir,
      pids: { sshd: p.sshd ?? 0, init: p.init ?? 0, unshare: p.unshare ?? 0, ...(p.slirp ? { slirp: p.slirp } : {}) },
      ...(o.shape[name] ? { shape: o.shape[name] } : {}),
    };
  });
  return {
    version: 1,
    createdAt: new Date().toISOString(),
    prefix: c.prefix,
    block: C.block(c),
    bridgeSubnet: C.bridgeSubnet(c),
    bridge: C.bridgeName(c),
    bridgeAddress: C.bridgeAddress(c),
    user: 'root',
    keyPath: P.labKey,
    knownHostsPath: P.knownHosts,
    passwordUsers: users,
    sudoInstalled: withSudo,
    containerEnv: CONTAINER_ENV,
    detectVirt: '',
    hosts,
    guests,
  };
}

export function clearInventory(c: LabConfig): void {
  rmSync(C.paths(c).inventory, { force: true });
  rmSync(C.paths(c).state, { force: true });
}
