// Everything wrong with an LXC platform on its hosts, before any run: one probe per host, read into sentences.
import type { HostShell } from '../provider.ts';
import { probeHost, resourceProblems } from '../common/probe.ts';
import type { LxcSettings } from './settings.ts';

export const INSTALL_PLAN =
  'install it as root: apt-get install lxc (Debian 12); VirtLab needs neither lxc-net nor lxcbr0 (it makes its own bridge, with static addresses)';

// $1 archive.
const RUNTIME = [
  'if ! command -v lxc-start >/dev/null 2>&1; then echo lxc=missing; exit 0; fi',
  'echo "version=$(lxc-start --version 2>&1 | head -n 1)"',
  'echo "lxcpath=$(lxc-config lxc.lxcpath 2>/dev/null)"',
  'init=$(ls /usr/sbin/init.lxc.static /usr/lib/*/lxc/init.lxc.static /usr/libexec/lxc/init.lxc.static 2>/dev/null | head -n 1); echo "init=$init"',
  'if [ -r "$1" ]; then echo archive=yes; else echo archive=no; fi',
  'if grep -q " /sys/fs/cgroup" /proc/self/mountinfo; then echo cgroups=yes; else echo cgroups=no; fi',
].join('\n');

export async function checkLxc(s: LxcSettings, hosts: readonly HostShell[]): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    hosts.map(async (h) => {
      const p = await probeHost(
        h,
        RUNTIME,
        [s.imageArchive],
        s.mounts.map((m) => m.source),
      );
      if (typeof p === 'string') {
        problems.push(p);
        return;
      }
      if (p.one('lxc') === 'missing') {
        problems.push(`${h.name}: LXC is not installed: no lxc-start (${INSTALL_PLAN})`);
        return;
      }
      if (!p.one('init')) problems.push(`${h.name}: LXC's static init (init.lxc.static) is missing: VirtLab runs it as each container's PID 1 (reinstall lxc)`);
      if (p.one('uid') !== '0')
        problems.push(
          `${h.name}: LXC system containers need a root login here (unprivileged LXC with subuid ranges is not supported by VirtLab yet); this login has uid ${p.one('uid')}`,
        );
      if (p.one('archive') !== 'yes') problems.push(`${h.name}: image archive ${s.imageArchive} is not there (or not readable)`);
      if (p.one('cgroups') !== 'yes') problems.push(`${h.name}: no cgroup hierarchy is mounted at /sys/fs/cgroup (lxc-start needs one)`);
      problems.push(...resourceProblems(h, p, {}, []));
    }),
  );
  return problems.sort();
}
