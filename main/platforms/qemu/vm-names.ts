// Per-VM names on a host, derived from the campaign, the platform and the host's position: stable, so a resumed
// VirtLab finds the same VM; distinct for two QEMU platforms of one campaign on the same hosts (folders, taps, MACs,
// QEMU names); short enough for Linux interface names (15 characters) and ssh's control socket path.
import { createHash } from 'node:crypto';

export interface VmNames {
  /** Folder of the VM's own files: overlay, seed, console log, pidfile, the host's ssh key for it. */
  dir: string;
  tap: string;
  /** QEMU's -name, also searched for in the process's command line before it is stopped. */
  name: string;
  mac: string;
  /** The runner's home inside the VM: a host folder shared into the VM (9p) at the same path, so files the runner
   * copies to the host by SFTP are there inside; its .virtlab/scratch is the VM's own disk (IOzone measures that).
   * The same path on every host (no host ordinal in it): MPI starts the NPB binary at one path on every VM. */
  home: string;
  /** ssh's control socket on the host: one connection into the VM that every wrapped command reuses. */
  control: string;
}

/** Four hex digits standing for the platform in names that cannot hold its name (up to 64 characters, with "." and
 *  "_": not a host name, too long for a tap or a socket path). Two platforms of one campaign share it once in 65536. */
export const platformTag = (platform: string): string => createHash('sha256').update(platform).digest('hex').slice(0, 4);

export function vmNames(stateDir: string, campaignId: number, platform: string, ordinal: number): VmNames {
  const tag = platformTag(platform);
  const id = `c${campaignId}-${tag}-h${ordinal}`;
  // 0x52 first: a locally administered unicast address (QEMU's own 52:54:00 prefix is one too); then the platform's tag,
  // the campaign and the host's position (unique per campaign and platform on one bridge).
  const b = [tag.slice(0, 2), tag.slice(2, 4), ...[(campaignId >> 8) & 0xff, campaignId & 0xff, ordinal & 0xff].map((n) => n.toString(16).padStart(2, '0'))];
  const root = stateDir.replace(/\/+$/, '');
  const dir = `${root}/${id}`;
  return {
    dir,
    tap: `q${tag}${campaignId % 100000}x${ordinal % 1000}`,
    name: `virtlab-${id}`,
    mac: `52:${b.join(':')}`,
    home: `${root}/c${campaignId}-${tag}-home`,
    control: `${dir}/ssh.ctl`,
  };
}
