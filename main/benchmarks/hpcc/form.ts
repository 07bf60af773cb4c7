// The wizard's HPCC form: the sweep's own parameters (not in the paper: HPCC came later), starting small enough to
// run in seconds on a lab host; STREAM inside it is the classic memory-bandwidth cost of a VM.
import type { BenchmarkForm } from '../form.ts';
import type { HpccSweep } from './sweep.ts';

export const hpccForm: BenchmarkForm<HpccSweep> = {
  pick: 'HPC Challenge — HPL (Gflop/s), STREAM (memory bandwidth), RandomAccess, PTRANS, FFT and MPI ping-pong, serial and over nodes, relative to the baseline',
  legend: 'HPC Challenge (hpcc)',
  onByDefault: false,
  // mpi is left out (undefined) until the user picks one: the platform's own `mpirun --version` decides.
  initial: { variants: ['serial', 'mpi'], mpiNodes: [1, 2, 4], problemSize: 1000, blockSize: 80, mpi: undefined },
  fields: [
    {
      kind: 'multi',
      name: 'variants',
      label: 'Variants',
      options: [
        { value: 'serial', label: 'serial (1 rank)' },
        { value: 'mpi', label: 'MPI (one rank a node)' },
      ],
      hint: 'Serial runs the suite on one endpoint; MPI runs it over the node counts below, one rank a node.',
    },
    { kind: 'numbers', name: 'mpiNodes', label: 'MPI node counts', hint: 'Node counts of the MPI variant, e.g. 1, 2, 4.' },
    {
      kind: 'number',
      name: 'problemSize',
      label: 'HPL problem size (N)',
      min: 100,
      hint: 'Matrix order; every other test sizes itself from the memory it takes. 1000 runs in seconds; real studies use most of the memory.',
    },
    { kind: 'number', name: 'blockSize', label: 'Block size (NB)', min: 8, hint: 'HPL and PTRANS block size; 80 is a common choice.' },
    {
      kind: 'choice',
      name: 'mpi',
      label: 'MPI implementation',
      unsetLabel: 'as the platform reports (mpirun --version)',
      options: [
        { value: 'openmpi', label: 'Open MPI' },
        { value: 'mpich', label: 'MPICH' },
      ],
      hint: 'For the MPI variant.',
    },
  ],
};
