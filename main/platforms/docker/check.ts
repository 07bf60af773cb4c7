// Everything wrong with a Docker platform on its hosts, before any run: one probe per host, read into sentences.
import type { HostShell } from '../provider.ts';
import { probeHost, resourceProblems } from '../common/probe.ts';
import type { DockerSettings } from './settings.ts';

export const INSTALL_PLAN =
  "install it as root: apt-get install docker.io (Debian 12), then start dockerd; VirtLab adds no firewall rules, so a daemon started with --iptables=false --ip6tables=false --ip-forward=false --bridge=none leaves the host's NAT, FORWARD policy and ip_forward as they are";

// $1 image, $2 archive ('' none).
const RUNTIME = [
  'if ! command -v docker >/dev/null 2>&1; then echo docker=missing; exit 0; fi',
  'v=$(docker version --format "{{.Server.Version}}" 2>&1) && echo "version=$v" || { echo "daemon=$(printf "%s" "$v" | tr "\\n" " ")"; exit 0; }',
  'if docker image inspect --format x "$1" >/dev/null 2>&1; then echo image=yes; else echo image=no; fi',
  '[ -n "$2" ] && { if [ -r "$2" ]; then echo archive=yes; else echo archive=no; fi; }',
].join('\n');

export async function checkDocker(s: DockerSettings, hosts: readonly HostShell[]): Promise<string[]> {
  const problems: string[] = [];
  await Promise.all(
    hosts.map(async (h) => {
      const p = await probeHost(
        h,
        RUNTIME,
        [s.image, s.imageArchive ?? ''],
        s.mounts.map((m) => m.source),
      );
      if (typeof p === 'string') {
        problems.push(p);
        return;
      }
      if (p.one('docker') === 'missing') {
        problems.push(`${h.name}: Docker is not installed (${INSTALL_PLAN})`);
        return;
      }
      if (p.one('daemon')) {
        problems.push(
          `${h.name}: the Docker daemon does not answer (${p.one('daemon').trim()}): start dockerd, or point this login's docker at it (\`docker context use\`)`,
        );
        return;
      }
      if (s.imageArchive) {
        if (p.one('image') !== 'yes' && p.one('archive') !== 'yes')
          problems.push(`${h.name}: image archive ${s.imageArchive} is not there (or not readable), and Docker has no image ${s.image}`);
      } else if (p.one('image') !== 'yes') {
        problems.push(
          `${h.name}: Docker has no image ${s.image} (see \`docker images\`; load it, or give imageArchive: a root file system tarball VirtLab imports; no registry is asked)`,
        );
      }
      problems.push(...resourceProblems(h, p, s, s.network === 'published' ? s.ports : []));
    }),
  );
  return problems.sort();
}
