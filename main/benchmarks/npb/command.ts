// NPB build and run argv arrays (never shell strings). Builds run `make -C <tree> <kernel> CLASS=<c>`;
// NPB 3.3's MPI tree also fixes the process count at build time (NPROCS=<n>) and names binaries <k>.<C>.<n>.
import type { NpbKernel } from './kernels.ts';
import { npbTreeName } from './kernels.ts';
import type { NpbParams } from './params.ts';
import { checkRankCount } from './ranks.ts';

type Build = Pick<NpbParams, 'version' | 'variant' | 'class' | 'sourceDir'>;

export function npbTreeDir(p: Pick<NpbParams, 'version' | 'variant' | 'sourceDir'>): string {
  return `${p.sourceDir.replace(/\/+$/, '')}/${npbTreeName(p.version, p.variant)}`;
}

function needsNprocsAtBuild(p: Build): boolean {
  return p.variant === 'mpi' && p.version === '3.3';
}

export function npbBuildArgv(p: Build, kernel: NpbKernel, ranks?: number): string[] {
  const argv = ['make', '-C', npbTreeDir(p), kernel.toLowerCase(), `CLASS=${p.class}`];
  if (needsNprocsAtBuild(p)) {
    if (ranks === undefined) throw new Error('NPB 3.3 MPI binaries are built for one process count: give the rank count');
    argv.push(`NPROCS=${checkRankCount(kernel, ranks)}`);
  }
  return argv;
}

export function npbBinaryPath(p: Build, kernel: NpbKernel, ranks?: number): string {
  const suffix = needsNprocsAtBuild(p) ? String(ranks ?? '') : 'x';
  if (suffix === '') throw new Error('NPB 3.3 MPI binaries are named by process count: give the rank count');
  return `${npbTreeDir(p)}/bin/${kernel.toLowerCase()}.${p.class}.${suffix}`;
}

export interface MpiLaunch {
  impl: 'openmpi' | 'mpich';
  /** Path of the hostfile on the launching endpoint (see npbHostfile for its content). */
  hostfile: string;
  /** Launcher binary; defaults to mpirun (Open MPI) or mpiexec (MPICH). */
  launcher?: string;
  /** Open MPI refuses to run as root without this. */
  allowRunAsRoot?: boolean;
  /** Extra launcher options, e.g. ['--mca', 'btl', 'tcp,self']. */
  extraArgs?: readonly string[];
}

/** One rank per node: Open MPI maps by ppr:1:node, MPICH's Hydra by -ppn 1. */
export function npbRunArgv(p: Build & Pick<NpbParams, 'threads'>, kernel: NpbKernel, ranks?: number, mpi?: MpiLaunch): string[] {
  const bin = npbBinaryPath(p, kernel, ranks);
  if (p.variant === 'serial') return [bin];
  if (p.variant === 'openmp') return ['env', `OMP_NUM_THREADS=${p.threads}`, bin];
  if (ranks === undefined || mpi === undefined) throw new Error('an MPI run needs the rank count and the MPI launch settings');
  const n = String(checkRankCount(kernel, ranks));
  const extra = [...(mpi.extraArgs ?? [])];
  if (mpi.impl === 'openmpi') {
    const argv = [mpi.launcher ?? 'mpirun', '-np', n, '--hostfile', mpi.hostfile, '--map-by', 'ppr:1:node', '--bind-to', 'none'];
    if (mpi.allowRunAsRoot) argv.push('--allow-run-as-root');
    return [...argv, ...extra, bin];
  }
  return [mpi.launcher ?? 'mpiexec', '-n', n, '-f', mpi.hostfile, '-ppn', '1', ...extra, bin];
}

/** Hostfile text with one slot per host: "host slots=1" for Open MPI, "host:1" for MPICH. */
export function npbHostfile(impl: MpiLaunch['impl'], hosts: readonly string[]): string {
  for (const h of hosts) if (!/^[A-Za-z0-9_.:-]+$/.test(h) || h.startsWith('-')) throw new Error(`not a host name or address: ${JSON.stringify(h)}`);
  return hosts.map((h) => (impl === 'openmpi' ? `${h} slots=1` : `${h}:1`)).join('\n') + '\n';
}
