// What a scenario (and the wizard) says about the NAS Parallel Benchmarks, and one run's parameters.
import { z } from 'zod';
import { distinct, MpiImplId, sweepEntry } from '../sweep.ts';

export const NpbKernelId = z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() : v), z.enum(['bt', 'cg', 'ep', 'ft', 'is', 'lu', 'mg', 'sp']));
export const NpbClassId = z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(['S', 'W', 'A', 'B', 'C', 'D', 'E']));
export const NpbVariantId = z.enum(['serial', 'openmp', 'mpi']);

export const NpbSweep = z
  .object({
    kernels: distinct(NpbKernelId).min(1),
    classes: distinct(NpbClassId).min(1).default(['A']),
    variants: distinct(NpbVariantId).min(1).default(['serial']),
    /** OpenMP thread counts (openmp variant). */
    threads: distinct(z.number().int().min(1).max(1024)).min(1).default([1, 2]),
    /** Node counts (mpi variant), one rank set per node. */
    mpiNodes: distinct(z.number().int().min(1).max(4096)).min(1).default([1, 2, 4]),
    ranksPerNode: z.number().int().min(1).max(1024).default(1),
    /** MPI implementation (mpi variant); left out: whatever `mpirun --version` reports on the platform's first endpoint. */
    mpi: MpiImplId.optional(),
  })
  .strict();
export type NpbSweep = z.infer<typeof NpbSweep>;

export const npbSweepEntry = sweepEntry('npb', NpbSweep);

/** One NPB run: a kernel at a class in one variant (threads for OpenMP, nodes and ranks for MPI). */
export const NpbPoint = z
  .object({
    kernel: NpbKernelId,
    class: NpbClassId,
    variant: NpbVariantId,
    threads: z.number().int().min(1).max(1024).optional(),
    nodes: z.number().int().min(1).max(4096).optional(),
    ranks: z
      .number()
      .int()
      .min(1)
      .max(1 << 20)
      .optional(),
    mpi: MpiImplId.optional(),
    version: z.enum(['3.3', '3.4']).optional(),
  })
  .refine((p) => p.nodes === undefined || p.ranks === undefined || (p.ranks >= p.nodes && p.ranks % p.nodes === 0), {
    message: 'the ranks must spread evenly over the nodes',
    path: ['ranks'],
  });
export type NpbPoint = z.infer<typeof NpbPoint>;
