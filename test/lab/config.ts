// Names, addresses and paths of one lab instance; every other module derives from a LabConfig.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

export interface LabConfig {
  /** Prefix of every netns, link and endpoint name ("vl" gives vl-h01, vl-h01-g, vlbr0). */
  prefix: string;
  /** Second octet of the lab's 10.X.0.0/16 block. */
  octet: number;
  /** Runtime state directory (gitignored). */
  dir: string;
}

export const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Folders every lab node mounts its own copy over (private /tmp, minimal homes): lab state must live elsewhere. */
const NODE_PRIVATE = ['/tmp', '/root', '/home'];

/** Where lab state lives: `.lab/` in the checkout, unless the checkout sits where nodes cannot see it (a clone in /tmp). */
function stateRoot(): string {
  if (process.env.VIRTLAB_LAB_DIR) return resolve(process.env.VIRTLAB_LAB_DIR);
  const hidden = NODE_PRIVATE.some((p) => repoRoot === p || repoRoot.startsWith(`${p}/`));
  return hidden ? resolve('/var/lib/virtlab-lab', createHash('sha256').update(repoRoot).digest('hex').slice(0, 12)) : resolve(repoRoot, '.lab');
}
export const labRoot = stateRoot();

/** A separate lab instance (its own names, address block and state), for tests that disturb hosts. */
export const labInstance = (prefix: string, octet: number): LabConfig => ({ prefix, octet, dir: resolve(labRoot, `instance-${prefix}`) });

export const defaultConfig: LabConfig = { prefix: 'vl', octet: 213, dir: labRoot };

export const MAX_HOSTS = 200;
export const GUEST_SSH_FORWARD_PORT = 2222;
/** Address of a userspace-networked guest inside its own namespace (slirp4netns's default). */
export const SLIRP_GUEST_ADDRESS = '10.0.2.100';
export const SLIRP_GATEWAY = '10.0.2.2';

export const block = (c: LabConfig): string => `10.${c.octet}.0.0/16`;
export const bridgeSubnet = (c: LabConfig): string => `10.${c.octet}.0.0/24`;
export const bridgeName = (c: LabConfig): string => `${c.prefix}br0`;
export const bridgeAddress = (c: LabConfig): string => `10.${c.octet}.0.1`;

const pad = (i: number): string => String(i).padStart(2, '0');
export const hostName = (c: LabConfig, i: number): string => `${c.prefix}-h${pad(i)}`;
export const guestName = (c: LabConfig, i: number): string => `${hostName(c, i)}-g`;
/** Root-namespace end of host i's veth (the bridge port). */
export const hostVeth = (c: LabConfig, i: number): string => `${c.prefix}-h${pad(i)}`;
export const hostAddress = (c: LabConfig, i: number): string => `10.${c.octet}.0.${10 + i}`;
/** Host i's guest lives in 10.X.i.0/24: host side .1, guest .2. */
export const guestSubnet = (c: LabConfig, i: number): string => `10.${c.octet}.${i}.0/24`;
export const guestGateway = (c: LabConfig, i: number): string => `10.${c.octet}.${i}.1`;
export const guestAddress = (c: LabConfig, i: number): string => `10.${c.octet}.${i}.2`;
/** Name, inside host i's namespace, of the host end of its guest's veth. */
export const GUEST_VETH_HOST_SIDE = 'vlg0';
export const NS_IFACE = 'eth0';

export const paths = (c: LabConfig) => ({
  state: resolve(c.dir, 'state.json'),
  inventory: resolve(c.dir, 'inventory.json'),
  keys: resolve(c.dir, 'keys'),
  labKey: resolve(c.dir, 'keys', 'id_ed25519'),
  knownHosts: resolve(c.dir, 'known_hosts'),
  etc: resolve(c.dir, 'etc'),
  node: (name: string) => resolve(c.dir, 'hosts', name),
});
