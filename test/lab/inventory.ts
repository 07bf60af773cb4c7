// The lab's inventory (.lab/inventory.json): what tests need to reach every endpoint, with host key checking on.
import { readFileSync } from 'node:fs';
import { defaultConfig, paths } from './config.ts';
import type { LabConfig } from './config.ts';

export type SudoMode = 'password' | 'nopasswd' | 'none';

export interface LabPasswordUser {
  name: string;
  password: string;
  /** 'none' when sudo is not installed on the machine (see LabInventory.sudoInstalled). */
  sudo: SudoMode;
  uid: number;
  /** Home inside every host and guest (backed by .lab/hosts/<name>/users/<user>). */
  home: string;
}

export interface LabForward {
  proto: 'tcp' | 'udp';
  hostPort: number;
  guestPort: number;
}

interface LabEndpoint {
  name: string;
  /** What `hostname` prints on the endpoint (its own UTS namespace). */
  hostname: string;
  /** Address to connect to from the root namespace and from every other endpoint. */
  address: string;
  port: number;
  /** "ssh-ed25519 AAAA..." */
  hostKeyPublic: string;
  /** "SHA256:..." exactly as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** Name for `ip -n` / `ip netns exec`. */
  netns: string;
  /** Directory on the machine holding this endpoint's files (home/ is its /root, tmp/ its /tmp). */
  dir: string;
}

export interface LabHost extends LabEndpoint {
  kind: 'host';
  index: number;
  /** Bridge port of this host in the root namespace. */
  veth: string;
  pids: { sshd: number };
  /** Rate limit applied by --shape / shapeLink, if any. */
  shape?: string;
}

export interface LabGuest extends LabEndpoint {
  kind: 'guest';
  /** Name of the host it runs on. */
  host: string;
  technology: 'os-level';
  network: 'veth' | 'slirp4netns' | 'pasta';
  /** Address inside its own namespace (equals address for veth guests). */
  innerAddress: string;
  /** Its own routed subnet (veth guests only). */
  subnet?: string;
  /** Ports on its host's address forwarded into it (userspace networks only; ssh is one of them). */
  forwards: LabForward[];
  pids: { sshd: number; init: number; unshare: number; slirp?: number };
  shape?: string;
}

export interface LabInventory {
  version: 1;
  createdAt: string;
  prefix: string;
  /** The whole lab block, e.g. 10.213.0.0/16; unreachable from the root namespace except via the bridge. */
  block: string;
  bridgeSubnet: string;
  bridge: string;
  bridgeAddress: string;
  user: 'root';
  /** Private lab key (ed25519) that root and the lab users on every endpoint authorize. */
  keyPath: string;
  /** OpenSSH known_hosts covering every endpoint (addresses and names), for the root namespace. */
  knownHostsPath: string;
  passwordUsers: LabPasswordUser[];
  sudoInstalled: boolean;
  /** `container=` value in every guest's PID 1 environment, and what systemd-detect-virt --container printed in a guest. */
  containerEnv: string;
  detectVirt: string;
  hosts: LabHost[];
  guests: LabGuest[];
}

export type LabEndpointAny = LabHost | LabGuest;

export function loadInventory(config: LabConfig = defaultConfig): LabInventory {
  const file = paths(config).inventory;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no lab inventory at ${file}: run \`npm run lab:up -- 4\` (as root) first`);
  }
  const inv = JSON.parse(text) as LabInventory;
  if (inv.version !== 1) throw new Error(`unsupported lab inventory version ${String(inv.version)}`);
  return inv;
}

export function endpoints(inv: LabInventory): LabEndpointAny[] {
  return [...inv.hosts, ...inv.guests];
}

export function endpoint(inv: LabInventory, name: string): LabEndpointAny {
  const e = endpoints(inv).find((x) => x.name === name);
  if (!e) throw new Error(`no lab endpoint named ${name}`);
  return e;
}
