// The lab's TypeScript API: tests call these directly; the CLI (cli.ts) is a thin wrapper.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { bridgeName, defaultConfig, hostName, paths } from './config.ts';
import type { LabConfig } from './config.ts';
import { run } from './exec.ts';
import { endpoint, loadInventory } from './inventory.ts';
import type { LabEndpointAny, LabForward, LabInventory } from './inventory.ts';
import { linkEnds, outerEnd } from './links.ts';
import { assertLabTarget, setLink } from './net.ts';
import { nodeDirs } from './nodes.ts';
import { shapeEnds, unshapeEnds } from './shape.ts';
import { startGuestSshd, startHostSshd, stopSshd } from './sshd.ts';
import { readState, writeJson, writeState } from './state.ts';
import { waitReachable } from './reachable.ts';
import type { LabOptions } from './state.ts';
import { removeAll } from './teardown.ts';
import { withLock } from './lock.ts';
import { assertRoot } from './preflight.ts';
import { clearInventory, up } from './up.ts';
import { etcMounts } from './users.ts';
import { nodeMounts } from './nodes.ts';

export { loadInventory, endpoint, endpoints } from './inventory.ts';
export type { LabInventory, LabHost, LabGuest, LabEndpointAny, LabPasswordUser, LabForward } from './inventory.ts';
export { assertLabTarget } from './net.ts';
export { isAlive, stopPid } from './pids.ts';
export { defaultConfig } from './config.ts';
export { slurmUp, slurmDown, readLabSlurm, inHost } from './slurm.ts';
export type { LabSlurm } from './slurm.ts';
export type { LabConfig } from './config.ts';

export interface UserspaceNetSpec {
  host: string;
  via?: 'slirp4netns' | 'pasta';
  forwards?: LabForward[];
}

export interface LabUpOptions {
  hosts: number;
  /** Endpoint name (host or veth guest) -> rate such as "100mbit". */
  shape?: Record<string, string>;
  /** Hosts whose guest uses userspace networking instead of a veth. */
  userspaceNet?: (string | UserspaceNetSpec)[];
  config?: LabConfig;
  /** Shared use (test global setup): never shrink a lab that is already up, keep its shapes and userspace guests. */
  grow?: boolean;
}

export async function labUp(opts: LabUpOptions): Promise<LabInventory> {
  assertRoot();
  const c = opts.config ?? defaultConfig;
  const norm = (n: string) => (/^h\d+$/.test(n) ? `${c.prefix}-${n}` : n);
  const options: LabOptions = {
    hosts: opts.hosts,
    shape: Object.fromEntries(Object.entries(opts.shape ?? {}).map(([k, v]) => [norm(k), v])),
    userspaceNet: (opts.userspaceNet ?? [])
      .map((u) => (typeof u === 'string' ? { host: u } : u))
      .map((u) => ({ host: norm(u.host), via: u.via ?? 'slirp4netns', forwards: u.forwards ?? [] })),
  };
  for (const u of options.userspaceNet) {
    if (!Array.from({ length: opts.hosts }, (_, k) => hostName(c, k + 1)).includes(u.host)) throw new Error(`--userspace-net: no host ${u.host}`);
  }
  return withLock(c, async () => {
    const prev = opts.grow ? readState(c) : undefined;
    if (prev && prev.hosts.length > 0) {
      options.hosts = Math.max(options.hosts, prev.options.hosts);
      options.shape = { ...prev.options.shape, ...options.shape };
      options.userspaceNet = [...prev.options.userspaceNet, ...options.userspaceNet.filter((u) => !prev.options.userspaceNet.some((p) => p.host === u.host))];
    }
    return up(c, options);
  });
}

export async function labDown(config: LabConfig = defaultConfig): Promise<void> {
  assertRoot();
  await withLock(config, async () => {
    await removeAll(config, readState(config));
    clearInventory(config);
  });
}

function mutate(c: LabConfig, name: string, change: (inv: LabInventory, e: LabEndpointAny) => Promise<void>): Promise<LabInventory> {
  return withLock(c, () => mutateLocked(c, name, change));
}

function mutateLocked(c: LabConfig, name: string, change: (inv: LabInventory, e: LabEndpointAny) => Promise<void>): Promise<LabInventory> {
  const inv = loadInventory(c);
  const e = endpoint(inv, name);
  return change(inv, e).then(() => {
    writeJson(paths(c).inventory, inv);
    const s = readState(c);
    if (s) {
      s.pids[e.name] = { ...s.pids[e.name], sshd: e.pids.sshd };
      if (e.shape) s.options.shape[e.name] = e.shape;
      else delete s.options.shape[e.name];
      s.shaped = { ...s.options.shape };
      writeState(c, s);
    }
    return inv;
  });
}

/** Link down: for a host its bridge port (its guest goes with it); for a guest its veth in the host. */
export async function hostLinkDown(name: string, c: LabConfig = defaultConfig): Promise<void> {
  const e = endpoint(loadInventory(c), name);
  const end = outerEnd(c, e);
  await setLink(end.ns, end.dev, false);
}

/** Link up, returning once the endpoint's sshd answers again (so the next test does not race the neighbour cache). */
export async function hostLinkUp(name: string, c: LabConfig = defaultConfig): Promise<void> {
  const e = endpoint(loadInventory(c), name);
  const end = outerEnd(c, e);
  await setLink(end.ns, end.dev, true);
  await waitReachable(e.address, e.port, bridgeName(c));
}

export function shapeLink(name: string, rate: string, c: LabConfig = defaultConfig): Promise<LabInventory> {
  return mutate(c, name, async (_inv, e) => {
    await shapeEnds(linkEnds(c, e), rate);
    e.shape = rate;
  });
}

export function unshapeLink(name: string, c: LabConfig = defaultConfig): Promise<LabInventory> {
  return mutate(c, name, async (_inv, e) => {
    await unshapeEnds(linkEnds(c, e));
    delete e.shape;
  });
}

export function sshdStop(name: string, c: LabConfig = defaultConfig): Promise<LabInventory> {
  return mutate(c, name, async (_inv, e) => {
    await stopSshd(e.pids.sshd);
    e.pids.sshd = 0;
  });
}

export function sshdStart(name: string, c: LabConfig = defaultConfig): Promise<LabInventory> {
  return mutate(c, name, async (_inv, e) => {
    const d = nodeDirs(e.dir);
    const withSudo = loadInventory(c).sudoInstalled;
    e.pids.sshd =
      e.kind === 'host'
        ? await startHostSshd(e.netns, e.hostname, d, [...nodeMounts(d), ...etcMounts(paths(c).etc, withSudo)])
        : await startGuestSshd(e.pids.init, d);
  });
}

export async function sshdRestart(name: string, c: LabConfig = defaultConfig): Promise<LabInventory> {
  await sshdStop(name, c);
  return sshdStart(name, c);
}

/** nsenter argv prefix that puts a command inside an endpoint's namespaces (net, mount, uts; pid for guests). */
export function nsenterArgs(e: LabEndpointAny): string[] {
  return e.kind === 'host' ? ['-t', String(e.pids.sshd), '-m', '-u', '-n'] : ['-t', String(e.pids.init), '-m', '-u', '-n', '-p'];
}

/** Runs a command inside an endpoint without ssh (for test fixtures such as netserver). */
export async function execIn(e: LabEndpointAny, argv: string[]): Promise<string> {
  return (await run('nsenter', [...nsenterArgs(e), ...argv])).stdout;
}

/** Starts a long-running process inside an endpoint; stop it with stopPid(child.pid) (for guests that is nsenter's pid). */
export function spawnIn(e: LabEndpointAny, argv: string[]): ChildProcess {
  return spawn('nsenter', [...nsenterArgs(e), ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** OpenSSH client argv (before the remote command) for root on an endpoint, with host key checking on. */
export function sshArgs(inv: LabInventory, e: LabEndpointAny, user = inv.user): string[] {
  return [
    '-i',
    inv.keyPath,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `UserKnownHostsFile=${inv.knownHostsPath}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'BatchMode=yes',
    '-o',
    'ConnectTimeout=5',
    '-p',
    String(e.port),
    `${user}@${e.address}`,
  ];
}

/** Runs a command on an endpoint over OpenSSH from the root namespace, after checking the route stays in the lab. */
export async function labSsh(e: LabEndpointAny, command: string[], inv: LabInventory = loadInventory()): Promise<string> {
  await assertLabTarget(e.address, inv.bridge);
  return (await run('ssh', [...sshArgs(inv, e), '--', ...command])).stdout;
}
