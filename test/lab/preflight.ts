// Refuses clearly, before touching anything, when the lab cannot be built here.
import { tryRun } from './exec.ts';

const TOOLS = ['ip', 'sshd', 'ssh-keygen', 'unshare', 'nsenter', 'tc', 'openssl', 'ssh'];

export function assertRoot(): void {
  if (process.getuid?.() !== 0) throw new Error('the lab needs root (network namespaces, bridges, bind mounts): run as root');
}

export async function preflight(needSlirp: boolean): Promise<void> {
  assertRoot();
  if (!(await tryRun('ip', ['netns', 'list']))) throw new Error('`ip netns` is unavailable: the lab needs iproute2 with network namespace support');
  const missing: string[] = [];
  for (const t of needSlirp ? [...TOOLS, 'slirp4netns'] : TOOLS) if (!(await tryRun('which', [t]))) missing.push(t);
  if (missing.length) throw new Error(`the lab needs these tools, not found: ${missing.join(', ')}`);
}
