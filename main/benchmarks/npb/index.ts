// NPB in the catalog.
import type { BenchmarkDescriptor } from '../types.ts';
import { npbMetrics } from './metrics.ts';
import { parseNpb } from './parse.ts';

export const npb: BenchmarkDescriptor = {
  id: 'npb',
  title: 'NAS Parallel Benchmarks',
  summary:
    "EP IS CG MG FT BT SP LU kernels, serial, OpenMP and MPI (one rank a node), built from the user's NPB 3.3/3.4 tarball; time and Mop/s, self-verified.",
  metrics: npbMetrics,
  parse: (text) => parseNpb(text),
};
