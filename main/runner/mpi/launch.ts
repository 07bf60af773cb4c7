// MPI launch settings for NPB: Open MPI (mpirun) or MPICH (mpiexec/Hydra) with one rank a node from a hostfile,
// the app's own ssh wrapper as the launcher's remote agent, and TCP pinned to the endpoints' subnet.
import type { MpiLaunch } from '../../benchmarks/npb/command.ts';
import { mustRun, shArgv, type BenchEndpoint } from '../remote.ts';
import type { MpiImpl } from '../npb/toolchain.ts';

/** The IPv4 network (a.b.c.d/n) and the interface holding `address` on the endpoint. */
export async function netOf(ep: BenchEndpoint, address: string): Promise<{ subnet: string; iface: string } | undefined> {
  const r = await mustRun(ep, ['ip', '-o', '-4', 'addr', 'show'], 'listing addresses').catch(() => undefined);
  if (!r) return undefined;
  for (const line of r.stdout.split('\n')) {
    const m = /^\d+:\s+([^\s@]+)\S*\s+inet (\d+\.\d+\.\d+\.\d+)\/(\d+)/.exec(line);
    if (m && m[2] === address) return { subnet: networkOf(m[2], Number(m[3])), iface: m[1]! };
  }
  return undefined;
}

export function networkOf(address: string, prefix: number): string {
  const n = address.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${prefix}`;
}

export interface LaunchSettings {
  impl: MpiImpl;
  launcher: string;
  hostfile: string;
  sshWrapper: string;
  isRoot: boolean;
  /** Subnet the ranks talk over (Open MPI btl_tcp_if_include). */
  subnet?: string;
  /** More ranks than cores: let idle ranks yield (Open MPI). */
  oversubscribed?: boolean;
  /** Names of the interfaces holding the nodes' addresses (MPICH: Hydra -iface, UCX_NET_DEVICES). */
  ifaces?: readonly string[];
}

export function mpiLaunch(s: LaunchSettings): MpiLaunch {
  if (s.impl === 'openmpi') {
    const extra = ['--mca', 'plm_rsh_agent', s.sshWrapper, '--mca', 'btl', 'tcp,self'];
    if (s.subnet) extra.push('--mca', 'btl_tcp_if_include', s.subnet, '--mca', 'oob_tcp_if_include', s.subnet);
    if (s.oversubscribed) extra.push('--mca', 'mpi_yield_when_idle', '1');
    return { impl: 'openmpi', hostfile: s.hostfile, launcher: s.launcher, allowRunAsRoot: s.isRoot, extraArgs: extra };
  }
  // Hydra's -iface takes one name for every node (its control connections and the proxies' address); UCX (Debian's
  // ch4:ucx) takes a list of network devices. Shared-memory transports stay allowed: on separate machines they reach
  // only ranks of the same node (forcing UCX_TLS=tcp hangs MPI_Finalize at random with UCX 1.13, openucx/ucx#8738).
  const names = [...new Set(s.ifaces ?? [])];
  const extra = ['-launcher', 'ssh', '-launcher-exec', s.sshWrapper];
  if (names.length === 1) extra.push('-iface', names[0]!);
  if (names.length > 0) extra.push('-genv', 'UCX_NET_DEVICES', names.join(','));
  return { impl: 'mpich', hostfile: s.hostfile, launcher: s.launcher, extraArgs: extra };
}

/** Writes the hostfile on the launching endpoint. */
export async function writeHostfile(ep: BenchEndpoint, path: string, text: string): Promise<void> {
  await mustRun(ep, shArgv('cat > "$1"', path), 'writing the MPI hostfile', { stdin: text });
}

/** Slurm alternative: srun with one task a node inside an allocation of `nodes` nodes. */
export function srunArgv(nodes: number, binary: string, mpi: 'pmix' | 'pmi2' | 'none' = 'pmix'): string[] {
  return ['srun', '-N', String(nodes), '--ntasks-per-node=1', `--mpi=${mpi}`, binary];
}
