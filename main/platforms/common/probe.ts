// One probe per host before any run: the runtime's own lines (given by the provider) and what every container
// platform needs to know (CPUs, memory, uid, listening ports, mount sources), read into sentences.
import type { HostShell } from '../provider.ts';

/** What the host has, for limits, ports and mounts. Lines are key=value; the runtime part may stop early (exit 0). */
const RESOURCES = [
  'echo "cpus=$(nproc 2>/dev/null)"',
  'echo "memkb=$(sed -n "s/^MemTotal: *\\([0-9]*\\) kB/\\1/p" /proc/meminfo)"',
  'echo "uid=$(id -u)"',
  // Listening TCP ports (hex local port of rows in state 0A), for published ports.
  'echo "listen=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk \'$4 == "0A" { split($2, a, ":"); print a[2] }\' | sort -u | tr "\\n" " ")"',
  'for m in "$@"; do [ -e "$m" ] || echo "nomount=$m"; done',
  'true',
].join('\n');

export interface Probe {
  one(key: string): string;
  all(key: string): string[];
}

/** Runs `runtime` (which reads its own arguments $1..$n) then the resource lines over the mount sources. */
export async function probeHost(h: HostShell, runtime: string, args: readonly string[], mountSources: readonly string[]): Promise<Probe | string> {
  const script = `${runtime}\nshift ${args.length}\n${RESOURCES}`;
  const r = await h.run(['sh', '-c', script, 'virtlab-check', ...args, ...mountSources], { timeoutMs: 30_000 });
  if (r.code !== 0) return `${h.name}: could not check the host (exit code ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`;
  const kv = new Map<string, string[]>();
  for (const line of r.stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) kv.set(line.slice(0, i), [...(kv.get(line.slice(0, i)) ?? []), line.slice(i + 1)]);
  }
  return { one: (k) => kv.get(k)?.[0] ?? '', all: (k) => kv.get(k) ?? [] };
}

export interface Limits {
  cpus?: number | undefined;
  memoryMiB?: number | undefined;
}

/** Limits above the host, published ports in use, mount sources missing: one sentence each. */
export function resourceProblems(h: HostShell, p: Probe, limits: Limits, publishedPorts: readonly number[]): string[] {
  const problems: string[] = [];
  const cpus = Number(p.one('cpus'));
  if (limits.cpus !== undefined && cpus > 0 && limits.cpus > cpus) problems.push(`${h.name}: a CPU limit of ${limits.cpus} is above the host's ${cpus} CPU(s)`);
  const memMiB = Math.floor(Number(p.one('memkb')) / 1024);
  if (limits.memoryMiB !== undefined && memMiB > 0 && limits.memoryMiB > memMiB)
    problems.push(`${h.name}: a memory limit of ${limits.memoryMiB} MiB is above the host's ${memMiB} MiB`);
  const listening = new Set(
    p
      .one('listen')
      .split(' ')
      .filter(Boolean)
      .map((x) => Number.parseInt(x, 16)),
  );
  const taken = publishedPorts.filter((port) => listening.has(port));
  if (taken.length)
    problems.push(`${h.name}: published port${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already in use on the host (choose other ports)`);
  for (const m of p.all('nomount')) problems.push(`${h.name}: mount source ${m} does not exist`);
  return problems;
}
