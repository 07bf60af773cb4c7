// Everything wrong with a Podman platform on its hosts, before any run: one probe per host, read into sentences.
import type { HostShell } from '../provider.ts';
import type { PodmanSettings } from './settings.ts';

export const INSTALL_PLAN =
  'install it as root: apt-get install podman runc netavark catatonit (Debian 12); on a host without systemd as PID 1 also set runtime "runc", cgroup_manager "cgroupfs" and events_logger "file" in containers.conf';

// $1 image, $2 archive ('' none): key=value lines.
const PROBE = [
  'if ! command -v podman >/dev/null 2>&1; then echo podman=missing; exit 0; fi',
  'echo "version=$(podman version --format "{{.Client.Version}}" 2>/dev/null)"',
  'if podman image exists "$1" 2>/dev/null; then echo image=yes; else echo image=no; fi',
  '[ -n "$2" ] && { if [ -r "$2" ]; then echo archive=yes; else echo archive=no; fi; }',
  'echo "cpus=$(nproc 2>/dev/null)"',
  'echo "memkb=$(sed -n "s/^MemTotal: *\\([0-9]*\\) kB/\\1/p" /proc/meminfo)"',
  'echo "uid=$(id -u)"',
  // Rootless: the login's subordinate ID ranges (by name or uid), without which user namespaces cannot map a container.
  'u=$(id -un); i=$(id -u); echo "user=$u"',
  'for f in subuid subgid; do if grep -q -e "^$u:" -e "^$i:" "/etc/$f" 2>/dev/null; then echo "$f=yes"; else echo "$f=no"; fi; done',
  // Listening TCP ports (hex local port of rows in state 0A), for published ports.
  'echo "listen=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk \'$4 == "0A" { split($2, a, ":"); print a[2] }\' | sort -u | tr "\\n" " ")"',
  'shift 2; for m in "$@"; do [ -e "$m" ] || echo "nomount=$m"; done',
  'true',
].join('\n');

const versionAtLeast = (v: string, major: number, minor: number): boolean => {
  const [a = 0, b = 0] = v.split('.').map((x) => Number.parseInt(x, 10));
  return a > major || (a === major && b >= minor);
};

export async function checkPodman(s: PodmanSettings, hosts: readonly HostShell[]): Promise<string[]> {
  const problems: string[] = [];
  if (s.rootless) problems.push('rootless Podman is not supported by this VirtLab yet: use a root login on the hosts (rootless: false)');
  await Promise.all(
    hosts.map(async (h) => {
      const r = await h.run(['sh', '-c', PROBE, 'virtlab-podman-check', s.image, s.imageArchive ?? '', ...s.mounts.map((m) => m.source)], {
        timeoutMs: 30_000,
      });
      if (r.code !== 0) {
        problems.push(`${h.name}: could not check Podman (exit code ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`);
        return;
      }
      const kv = new Map<string, string[]>();
      for (const line of r.stdout.split('\n')) {
        const i = line.indexOf('=');
        if (i > 0) kv.set(line.slice(0, i), [...(kv.get(line.slice(0, i)) ?? []), line.slice(i + 1)]);
      }
      const one = (k: string) => kv.get(k)?.[0] ?? '';
      if (one('podman') === 'missing') {
        problems.push(`${h.name}: Podman is not installed (${INSTALL_PLAN})`);
        return;
      }
      const version = one('version');
      if (s.network === 'pasta' && !versionAtLeast(version, 4, 4))
        problems.push(
          `${h.name}: network mode pasta needs Podman 4.4 or later; this host has Podman ${version || 'of unknown version'} (use slirp4netns, bridge or host)`,
        );
      if (s.imageArchive) {
        if (one('image') !== 'yes' && one('archive') !== 'yes')
          problems.push(`${h.name}: image archive ${s.imageArchive} is not there (or not readable), and Podman has no image ${s.image}`);
      } else if (one('image') !== 'yes') {
        problems.push(
          `${h.name}: Podman has no image ${s.image} (see \`podman images\`; load it, or give imageArchive: a root file system tarball VirtLab imports)`,
        );
      }
      if (s.rootless) {
        const missing = ['subuid', 'subgid'].filter((f) => one(f) !== 'yes').map((f) => `/etc/${f}`);
        if (missing.length)
          problems.push(
            `${h.name}: rootless Podman needs subordinate ID ranges for ${one('user')} in ${missing.join(' and ')} (as root: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 ${one('user')})`,
          );
      }
      if (!s.rootless && one('uid') !== '0') problems.push(`${h.name}: rootful Podman needs a root login; this login has uid ${one('uid')}`);
      const cpus = Number(one('cpus'));
      if (s.cpus !== undefined && cpus > 0 && s.cpus > cpus) problems.push(`${h.name}: a CPU limit of ${s.cpus} is above the host's ${cpus} CPU(s)`);
      const memMiB = Math.floor(Number(one('memkb')) / 1024);
      if (s.memoryMiB !== undefined && memMiB > 0 && s.memoryMiB > memMiB)
        problems.push(`${h.name}: a memory limit of ${s.memoryMiB} MiB is above the host's ${memMiB} MiB`);
      if (s.network === 'slirp4netns') {
        const listening = new Set(
          one('listen')
            .split(' ')
            .filter(Boolean)
            .map((x) => Number.parseInt(x, 16)),
        );
        const taken = s.ports.filter((p) => listening.has(p));
        if (taken.length)
          problems.push(`${h.name}: published port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already in use on the host (choose other ports)`);
      }
      for (const m of kv.get('nomount') ?? []) problems.push(`${h.name}: mount source ${m} does not exist`);
    }),
  );
  return problems.sort();
}
