// What a scenario (and the wizard) says about the HPC Challenge suite, and one run's parameters.
import { z } from 'zod';
import { distinct, MpiImplId, sweepEntry } from '../sweep.ts';

export const HpccVariantId = z.enum(['serial', 'mpi']);

/** HPL matrix order; every other test of the suite sizes itself from the memory HPL's matrix takes. */
const ProblemSize = z.number().int().min(100).max(200_000);
/** HPL (and PTRANS) block size. */
const BlockSize = z.number().int().min(8).max(1024);

export const HpccSweep = z
  .object({
    variants: distinct(HpccVariantId).min(1).default(['serial', 'mpi']),
    /** Node counts of the MPI variant, one rank a node. */
    mpiNodes: distinct(z.number().int().min(1).max(4096)).min(1).default([1, 2, 4]),
    /** One size per scenario (a point of the figures is a test of the suite, not a size); 1000 runs in seconds here. */
    problemSize: ProblemSize.default(1000),
    blockSize: BlockSize.default(80),
    /** MPI implementation (mpi variant); left out: whatever `mpirun --version` reports on the platform's first endpoint. */
    mpi: MpiImplId.optional(),
  })
  .strict();
export type HpccSweep = z.infer<typeof HpccSweep>;

export const hpccSweepEntry = sweepEntry('hpcc', HpccSweep);

/** One HPCC run: serial (the binary alone, 1 rank) or MPI with one rank on each of `nodes` nodes. */
export const HpccPoint = z
  .object({
    variant: HpccVariantId,
    problemSize: ProblemSize,
    blockSize: BlockSize,
    nodes: z.number().int().min(1).max(4096).optional(),
    mpi: MpiImplId.optional(),
  })
  .strict()
  .refine((p) => p.variant === 'mpi' || p.nodes === undefined, { message: 'a serial run has no node count', path: ['nodes'] });
export type HpccPoint = z.infer<typeof HpccPoint>;

/** MPI ranks of a run: one a node. */
export const ranksOf = (p: HpccPoint): number => (p.variant === 'mpi' ? (p.nodes ?? 1) : 1);
