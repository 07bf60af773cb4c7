// Every name and address a Podman platform uses, derived from pure data (campaign, platform, host ordinal), so any
// process (a resume, a teardown after a crash) finds the same ones.
import type { GuestRef } from '../provider.ts';
import type { PodmanSettings } from './settings.ts';

export const containerName = (g: Pick<GuestRef, 'campaignId' | 'platform' | 'host'>): string => `virtlab-c${g.campaignId}-${g.platform}-${g.host.ordinal}`;
export const networkName = containerName;

/** The /16 of the settings as its first two octets. */
const prefix16 = (s: Pick<PodmanSettings, 'subnet'>): string => s.subnet.split('.').slice(0, 2).join('.');
/** Host i's container subnet (a /24 of the settings' /16), its gateway (the bridge, on the host) and the container's address. */
export const hostSubnet = (s: Pick<PodmanSettings, 'subnet'>, ordinal: number): string => `${prefix16(s)}.${ordinal}.0/24`;
export const gatewayOf = (s: Pick<PodmanSettings, 'subnet'>, ordinal: number): string => `${prefix16(s)}.${ordinal}.1`;
export const containerAddress = (s: Pick<PodmanSettings, 'subnet'>, ordinal: number): string => `${prefix16(s)}.${ordinal}.2`;

/** The guest's home: a host folder mounted at the same path, so files the runner copies to the host are there inside. */
export const guestHome = (hostHome: string, container: string): string => `${hostHome}/.virtlab/guests/${container}`;
/** Folders of the runner's that must be shared with the host (SFTP uploads, detached job output). The scratch folder is
 * shared only when IOzone is to write to a host folder; otherwise it is the container's own file system. */
export const SHARED_FOLDERS = ['.virtlab/runs', '.virtlab/npb', '.virtlab/src', '.virtlab/mpi'] as const;
export const SCRATCH_FOLDER = '.virtlab/scratch';
