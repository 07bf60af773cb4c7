// Everything wrong with a Charliecloud platform on its hosts, before any run: one probe per host, read into sentences.
import type { HostShell } from '../provider.ts';
import { probeHost, resourceProblems } from '../common/probe.ts';
import type { CharliecloudSettings } from './settings.ts';

export const INSTALL_PLAN =
  'install it as root: apt-get install charliecloud-runtime (Debian 12); ch-run needs unprivileged user namespaces (kernel.unprivileged_userns_clone=1) for a non-root login';

// $1 archive.
const RUNTIME = [
  'if ! command -v ch-run >/dev/null 2>&1; then echo ch=missing; exit 0; fi',
  'echo "version=$(ch-run --version 2>&1 | head -n 1)"',
  'if [ -r "$1" ]; then echo archive=yes; else echo archive=no; fi',
  'command -v tar >/dev/null 2>&1 || echo tar=missing',
].join('\n');

export async function checkCharliecloud(s: CharliecloudSettings, hosts: readonly HostShell[]): Promise<string[]> {
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
      if (p.one('ch') === 'missing') {
        problems.push(`${h.name}: Charliecloud is not installed: no ch-run (${INSTALL_PLAN})`);
        return;
      }
      if (p.one('archive') !== 'yes') problems.push(`${h.name}: image archive ${s.imageArchive} is not there (or not readable)`);
      if (p.one('tar') === 'missing') problems.push(`${h.name}: tar is missing (VirtLab unpacks the image archive with it)`);
      problems.push(...resourceProblems(h, p, {}, []));
    }),
  );
  return problems.sort();
}
