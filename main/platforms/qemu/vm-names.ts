// Per-VM names on a host, derived from the campaign and the host's position: stable, so a resumed VirtLab finds the
// same VM, and short enough for Linux interface names (15 characters).

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

export function vmNames(stateDir: string, campaignId: number, ordinal: number): VmNames {
  const id = `c${campaignId}-h${ordinal}`;
  // 52:54:00 is QEMU's local prefix; the rest from campaign and ordinal (unique per campaign on one bridge).
  const b = [(campaignId >> 8) & 0xff, campaignId & 0xff, ordinal & 0xff].map((n) => n.toString(16).padStart(2, '0'));
  const dir = `${stateDir.replace(/\/+$/, '')}/${id}`;
  return {
    dir,
    tap: `qt${campaignId % 100000}x${ordinal % 1000}`,
    name: `virtlab-${id}`,
    mac: `52:54:00:${b.join(':')}`,
    home: `${stateDir.replace(/\/+$/, '')}/c${campaignId}-home`,
    control: `${dir}/ssh.ctl`,
  };
}
