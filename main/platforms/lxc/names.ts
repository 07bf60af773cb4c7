// Names an LXC platform derives from pure data, so any process finds the same ones: the container is the common
// guest name; its bridge and veth get short hashed names (Linux allows 15 characters); the unpacked image is per
// platform and archive, so two platforms never share (and remove) one lower layer.
import { createHash } from 'node:crypto';
import type { GuestRef } from '../provider.ts';
import { guestName } from '../common/names.ts';

const hex = (s: string, n: number): string => createHash('sha256').update(s).digest('hex').slice(0, n);

export const bridgeName = (g: Pick<GuestRef, 'campaignId' | 'platform' | 'host'>): string => `vlx${hex(guestName(g), 8)}`;
export const vethName = (g: Pick<GuestRef, 'campaignId' | 'platform' | 'host'>): string => `vlv${hex(guestName(g), 8)}`;
/** The unpacked image under the login's home. */
export const imageFolder = (home: string, platform: string, archive: string): string => `${home}/.virtlab/images/lxc-${hex(`${platform}\0${archive}`, 16)}`;
export const IMAGE_FOLDER = /\/\.virtlab\/images\/lxc-[0-9a-f]{16}$/;
/** Where VirtLab binds the host's static init inside the container (its PID 1, reaping detached jobs). */
export const INIT_IN_CONTAINER = '.virtlab-init';
/** The file in the guest folder (one path on every host) naming the host's container, for the MPI rank command. */
export const CONTAINER_FILE = 'lxc-container';
