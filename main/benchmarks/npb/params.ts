// NPB run parameters. Defaults follow Walters et al. 2008: class C, serial and OpenMP on one node, MPI with one
// rank per node on up to 64 nodes.
import { z } from 'zod';
import { npbClasses, npbKernels, npbVariants, npbVersions } from './kernels.ts';
import { checkRankCount } from './ranks.ts';

export const npbParamsSchema = z
  .object({
    version: z.enum(npbVersions).default('3.4'),
    kernels: z
      .array(z.enum(npbKernels))
      .min(1)
      .default([...npbKernels]),
    class: z.enum(npbClasses).default('C'),
    variant: z.enum(npbVariants).default('serial'),
    /** OpenMP threads (OMP_NUM_THREADS) for the openmp variant. */
    threads: z.number().int().min(1).max(1024).default(1),
    /** MPI node counts to sweep, one rank per node; each must suit every chosen kernel. */
    nodeCounts: z.array(z.number().int().min(1).max(4096)).min(1).default([1, 4, 16, 64]),
    mpi: z.enum(['openmpi', 'mpich']).default('openmpi'),
    /** Absolute path of the unpacked NPB tarball on the endpoint (the folder holding NPB3.x-SER/OMP/MPI). */
    sourceDir: z
      .string()
      .regex(/^\/[^\0]*$/, 'an absolute path')
      .default('/opt/NPB'),
  })
  .superRefine((p, ctx) => {
    if (p.variant !== 'mpi') return;
    for (const kernel of p.kernels) {
      for (const n of p.nodeCounts) {
        try {
          checkRankCount(kernel, n);
        } catch (e) {
          ctx.addIssue({ code: 'custom', path: ['nodeCounts'], message: (e as Error).message });
        }
      }
    }
  });

export type NpbParams = z.infer<typeof npbParamsSchema>;
