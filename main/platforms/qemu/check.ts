// check(): probes every host (one command each) and asks each host whether its VM's address already answers.
import type { HostShell as VmHost } from '../provider.ts';
import { parseProbe, probeArgv } from './host-probe.ts';
import { qemuProblems, type HostCheck } from './problems.ts';
import type { QemuSettings } from './settings.ts';

export async function checkQemu(s: QemuSettings, hosts: readonly VmHost[]): Promise<string[]> {
  const checks: HostCheck[] = [];
  const answering = new Set<string>();
  for (const h of hosts) {
    const r = await h.run(probeArgv(s), { timeoutMs: 10 * 60_000 });
    if (r.code !== 0) return [`host ${h.name}: probing it for QEMU failed: ${r.stderr.trim().split('\n').pop() ?? `exit ${r.code}`}`];
    checks.push({ name: h.name, address: h.address, probe: parseProbe(r.stdout) });
    const addr = s.addresses[h.ordinal];
    if (!addr) continue;
    // A VM of this campaign already up (a resume) answers too: its pidfile says so, and then it is not a clash.
    const ping = await h.run(['sh', '-c', 'ping -c 1 -W 1 "$1" >/dev/null 2>&1', 'virtlab-qemu-ping', addr], { timeoutMs: 10_000 });
    if (ping.code === 0) answering.add(addr);
  }
  return qemuProblems(s, checks, answering);
}
