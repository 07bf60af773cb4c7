// Names, addresses and folders every container provider derives from pure data (campaign, platform, host ordinal), so
// any process (a resume, a teardown after a crash) finds the same ones.
import type { GuestRef } from '../provider.ts';

/** The container (and network) of a host on a platform: `virtlab-c<campaign>-<platform>-<ordinal>`. */
export const guestName = (g: Pick<GuestRef, 'campaignId' | 'platform' | 'host'>): string => `virtlab-c${g.campaignId}-${g.platform}-${g.host.ordinal}`;

/** The first two octets of a /16 such as 10.90.0.0/16. */
const prefix16 = (subnet16: string): string => subnet16.split('.').slice(0, 2).join('.');
/** Host i's container subnet (a /24 of the /16), its gateway (the bridge, on the host) and its container's address. */
export const hostSubnet = (subnet16: string, ordinal: number): string => `${prefix16(subnet16)}.${ordinal}.0/24`;
export const gatewayOf = (subnet16: string, ordinal: number): string => `${prefix16(subnet16)}.${ordinal}.1`;
export const containerAddress = (subnet16: string, ordinal: number): string => `${prefix16(subnet16)}.${ordinal}.2`;

/** The guest's home: a host folder mounted at the same path, so files the runner copies to the host are there inside. */
export const guestHome = (hostHome: string, name: string): string => `${hostHome}/.virtlab/guests/${name}`;
/** What teardown accepts as a guest folder (it removes it recursively). */
export const GUEST_FOLDER = /\/\.virtlab\/guests\/virtlab-c\d+-[A-Za-z0-9._-]+$/;
/** Folders of the runner's that must be shared with the host (SFTP uploads, detached job output). The scratch folder is
 * shared only when IOzone is to write to a host folder; otherwise it is the container's own file system. */
export const SHARED_FOLDERS = ['.virtlab/runs', '.virtlab/npb', '.virtlab/src', '.virtlab/mpi'] as const;
export const SCRATCH_FOLDER = '.virtlab/scratch';
export const foldersToShare = (iozoneWrites: 'container' | 'host-folder'): string[] => [...SHARED_FOLDERS, ...(iozoneWrites === 'host-folder' ? [SCRATCH_FOLDER] : [])];
