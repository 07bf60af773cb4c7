// Names, addresses and folders every container provider derives from pure data (campaign, platform, host ordinal), so
// any process (a resume, a teardown after a crash) finds the same ones.
import type { GuestRef } from '../provider.ts';

/** The container (and network) of a host on a platform: `virtlab-c<campaign>-<platform>-<ordinal>`. */
export const guestName = (g: Pick<GuestRef, 'campaignId' | 'platform' | 'host'>): string => `virtlab-c${g.campaignId}-${g.platform}-${g.host.ordinal}`;

/** The guest's folder on each host: `virtlab-c<campaign>-<platform>`, without the host's ordinal, so it is one path on
 * every host (each host has its own home) and a launcher's one rank command finds it wherever it starts a rank. */
export const sharedGuestName = (g: Pick<GuestRef, 'campaignId' | 'platform'>): string => `virtlab-c${g.campaignId}-${g.platform}`;

/** The first two octets of a /16 such as 10.90.0.0/16. */
const prefix16 = (subnet16: string): string => subnet16.split('.').slice(0, 2).join('.');

/** Bridge networks cut the platform's /16 into 4096 blocks of 16 addresses (a /28: network, gateway, container).
 * Campaign c takes the 256 blocks of a slot (a /20) and its host i the i-th of them, so campaigns running at the same
 * time on the same hosts never ask for the same subnet, and a platform holds up to 256 hosts. The slot is c mod 16
 * unless preparation chose another (`slot`: one no network on the hosts touches, common/bridge-slot.ts). */
export const BRIDGE_PREFIX = 28;
export const BRIDGE_HOSTS = 256;
export const CAMPAIGN_SLOTS = 16;
export interface BridgeGuest {
  campaignId: number;
  host: { ordinal: number };
  /** The slot preparation chose and recorded; absent: the campaign's own (id mod 16). */
  slot?: number | undefined;
}
/** Slot n of a /16: the /20 holding its 256 blocks. */
export const slotRange = (subnet16: string, slot: number): string => `${prefix16(subnet16)}.${slot * 16}.0/20`;
function block(subnet16: string, g: BridgeGuest, offset: number): string {
  if (g.host.ordinal < 0 || g.host.ordinal >= BRIDGE_HOSTS)
    throw new Error(`a bridge network holds at most ${BRIDGE_HOSTS} hosts (host ordinal ${g.host.ordinal})`);
  const b = (g.slot ?? g.campaignId % CAMPAIGN_SLOTS) * BRIDGE_HOSTS + g.host.ordinal;
  return `${prefix16(subnet16)}.${b >> 4}.${(b & 15) * 16 + offset}`;
}
/** Host i's container subnet, its gateway (the bridge, on the host) and its container's address. */
export const hostSubnet = (subnet16: string, g: BridgeGuest): string => `${block(subnet16, g, 0)}/${BRIDGE_PREFIX}`;
export const gatewayOf = (subnet16: string, g: BridgeGuest): string => block(subnet16, g, 1);
export const containerAddress = (subnet16: string, g: BridgeGuest): string => block(subnet16, g, 2);

/** The guest's home: a host folder mounted at the same path, so files the runner copies to the host are there inside. */
export const guestHome = (hostHome: string, name: string): string => `${hostHome}/.virtlab/guests/${name}`;
/** What teardown accepts as a guest folder (it removes it recursively). */
export const GUEST_FOLDER = /\/\.virtlab\/guests\/virtlab-c\d+-[A-Za-z0-9._-]+$/;
/** Folders of the runner's that must be shared with the host (SFTP uploads, detached job output). The scratch folder is
 * shared only when IOzone is to write to a host folder; otherwise it is the container's own file system. */
export const SHARED_FOLDERS = ['.virtlab/runs', '.virtlab/npb', '.virtlab/src', '.virtlab/mpi'] as const;
export const SCRATCH_FOLDER = '.virtlab/scratch';
export const foldersToShare = (iozoneWrites: 'container' | 'host-folder'): string[] => [
  ...SHARED_FOLDERS,
  ...(iozoneWrites === 'host-folder' ? [SCRATCH_FOLDER] : []),
];
