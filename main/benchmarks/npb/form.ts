// The wizard's NPB form: the sweep's own parameters, starting from the paper's (Walters et al. 2008, Figs. 3 and 4).
import type { BenchmarkForm } from '../form.ts';
import type { NpbSweep } from './sweep.ts';

const KERNELS = ['bt', 'cg', 'ep', 'ft', 'is', 'lu', 'mg', 'sp'] as const;
const CLASSES = ['S', 'W', 'A', 'B', 'C', 'D', 'E'] as const;

export const npbForm: BenchmarkForm<NpbSweep> = {
  pick: 'NAS Parallel Benchmarks — serial, OpenMP and MPI kernels, time relative to native (Fig. 3, 4)',
  legend: 'NAS Parallel Benchmarks',
  onByDefault: true,
  initial: { kernels: [...KERNELS], classes: ['C'], variants: ['serial', 'openmp', 'mpi'], threads: [2], mpiNodes: [1, 4, 16, 64], ranksPerNode: 1 },
  fields: [
    {
      kind: 'multi',
      name: 'kernels',
      label: 'Kernels',
      options: KERNELS.map((k) => ({ value: k, label: k.toUpperCase() })),
      hint: 'Paper: all eight serial/OpenMP; EP, BT, CG, SP shown for MPI. BT and SP need a square number of ranks.',
    },
    {
      kind: 'multi',
      name: 'classes',
      label: 'Classes',
      options: CLASSES.map((c) => ({ value: c, label: c })),
      hint: 'Problem size; paper: class C. S and W finish in seconds (tests).',
    },
    {
      kind: 'multi',
      name: 'variants',
      label: 'Variants',
      options: [
        { value: 'serial', label: 'serial' },
        { value: 'openmp', label: 'OpenMP' },
        { value: 'mpi', label: 'MPI' },
      ],
      hint: 'Paper: serial and OpenMP on one node (Fig. 3), MPI across nodes (Fig. 4).',
    },
    { kind: 'numbers', name: 'threads', label: 'OpenMP threads', hint: 'OMP_NUM_THREADS values for the OpenMP variant.' },
    {
      kind: 'numbers',
      name: 'mpiNodes',
      label: 'MPI node counts',
      hint: 'Paper: up to 64 nodes. 1, 4, 16, 64 suit every kernel (BT and SP need squares, the rest powers of two).',
    },
    { kind: 'number', name: 'ranksPerNode', label: 'Ranks per node', hint: 'Paper: 1 process per node.', min: 1 },
  ],
};
