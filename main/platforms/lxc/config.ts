// The LXC configuration of one container, written by prepare to <lxcpath>/<name>/config: the image as the read-only
// lower layer of an overlay (upper layer in the guest folder), the host's static init as PID 1 (no systemd: it runs
// `sleep infinity` and reaps the runner's detached jobs), a veth on VirtLab's bridge with a static address and
// gateway (no DHCP, so no 60 s wait), and the runner's folders bind-mounted at the same path. For MPI ranks (the
// hosts' launcher starting each through lxc-attach, provider.ts) also the host's /tmp, where the launcher's daemon keeps
// the PMIx server's socket and session folder every rank must reach, and the host's run folders at their own path (the
// launcher starts each rank in the run's folder).
import { BRIDGE_PREFIX, containerAddress, foldersToShare, gatewayOf } from '../common/names.ts';
import { INIT_IN_CONTAINER } from './names.ts';
import type { LxcSettings } from './settings.ts';

export interface LxcPlaces {
  name: string;
  guestFolder: string;
  /** The login's home on the host (its run folders are bound at the same path). */
  hostHome: string;
  image: string;
  init: string;
  bridge: string;
  veth: string;
  campaignId: number;
  ordinal: number;
}

/** The host's run folders (the runner's `.virtlab/runs/<run>` under the login's home), where a wrapped MPI job runs. */
export const HOST_RUNS = '.virtlab/runs';

const inside = (path: string): string => path.replace(/^\/+/, '');

export function lxcConfig(s: LxcSettings, p: LxcPlaces): string {
  for (const path of [p.guestFolder, p.hostHome, p.image, p.init])
    if (/\s/.test(path)) throw new Error(`LXC mount entries cannot carry a path with spaces: ${JSON.stringify(path)}`);
  const lines = [
    '# Written by VirtLab; removed with the container (lxc-destroy).',
    `lxc.uts.name = ${p.name}`,
    `lxc.rootfs.path = overlay:${p.image}:${p.guestFolder}/upper`,
    `lxc.mount.entry = ${p.init} ${INIT_IN_CONTAINER} none bind,ro,create=file 0 0`,
    `lxc.init.cmd = /${INIT_IN_CONTAINER} --name=${p.name} -- sleep infinity`,
    'lxc.mount.auto = proc:mixed sys:mixed cgroup:mixed',
    'lxc.autodev = 1',
    'lxc.pty.max = 16',
    // No AppArmor profile generation (hosts without AppArmor refuse "generated"); the container stays root-privileged.
    'lxc.apparmor.profile = unconfined',
  ];
  if (s.network === 'bridge') {
    const guest = { campaignId: p.campaignId, host: { ordinal: p.ordinal } };
    lines.push(
      'lxc.net.0.type = veth',
      `lxc.net.0.link = ${p.bridge}`,
      `lxc.net.0.veth.pair = ${p.veth}`,
      'lxc.net.0.flags = up',
      'lxc.net.0.name = eth0',
      `lxc.net.0.ipv4.address = ${containerAddress(s.subnet, guest)}/${BRIDGE_PREFIX}`,
      `lxc.net.0.ipv4.gateway = ${gatewayOf(s.subnet, guest)}`,
    );
  } else {
    lines.push('lxc.net.0.type = none');
  }
  lines.push('lxc.mount.entry = /tmp tmp none bind,create=dir 0 0');
  lines.push(`lxc.mount.entry = ${p.hostHome}/${HOST_RUNS} ${inside(`${p.hostHome}/${HOST_RUNS}`)} none bind,create=dir 0 0`);
  for (const f of foldersToShare(s.iozoneWrites))
    lines.push(`lxc.mount.entry = ${p.guestFolder}/${f} ${inside(`${p.guestFolder}/${f}`)} none bind,create=dir 0 0`);
  for (const m of s.mounts) lines.push(`lxc.mount.entry = ${m.source} ${inside(m.target)} none bind${m.readOnly ? ',ro' : ''},create=dir 0 0`);
  return `${lines.join('\n')}\n`;
}
