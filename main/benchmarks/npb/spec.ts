// An NPB point -> what the NPB builder (main/runner/run-driver/npb-prepare.ts) stages, builds and launches.
import type { NpbClass, NpbKernel, NpbVariant, NpbVersion } from './kernels.ts';
import { checkRankCount } from './ranks.ts';
import type { NpbPoint } from './sweep.ts';

export interface NpbSpec {
  kernel: NpbKernel;
  class: NpbClass;
  variant: NpbVariant;
  /** OpenMP threads (1 for serial and MPI). */
  threads: number;
  /** Endpoints the run uses (1 unless MPI). */
  nodes: number;
  /** MPI ranks in all (nodes x ranks per node). */
  ranks: number;
  /** MPI implementation; undefined: what `mpirun --version` reports on the run's first endpoint. */
  mpi?: 'openmpi' | 'mpich';
  /** Preferred NPB version; the tarball decides what exists. */
  version: NpbVersion;
}

/** Throws for a rank count the kernel cannot run on. */
export function npbSpec(p: NpbPoint, nodeCount = 1): NpbSpec {
  const mpiRun = p.variant === 'mpi';
  const nodes = mpiRun ? (p.nodes ?? nodeCount) : 1;
  const ranks = mpiRun ? (p.ranks ?? nodes) : 1;
  const kernel = p.kernel.toUpperCase() as NpbKernel;
  if (mpiRun) checkRankCount(kernel, ranks);
  return {
    kernel,
    class: p.class,
    variant: p.variant,
    threads: p.variant === 'openmp' ? (p.threads ?? 1) : 1,
    nodes,
    ranks,
    ...(p.mpi ? { mpi: p.mpi } : {}),
    version: p.version ?? '3.4',
  };
}
