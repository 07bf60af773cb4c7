// The wizard's IOzone form: the sweep's own parameters, starting from the paper's (Walters et al. 2008, Fig. 2).
import type { BenchmarkForm } from '../form.ts';
import { powersOfTwo } from '../sweep.ts';
import type { IozoneSweep } from './sweep.ts';

export const iozoneForm: BenchmarkForm<IozoneSweep> = {
  pick: 'IOzone — file system write and read bandwidth over a range of file sizes (Fig. 2)',
  legend: 'IOzone',
  onByDefault: true,
  initial: { fileSizes: powersOfTwo(1024, 524288), recordSize: 1024, tests: ['write', 'read'], oDirect: false, flush: true },
  fields: [
    { kind: 'numbers', name: 'fileSizes', label: 'File sizes (KiB)', hint: 'Powers of two; paper: 1 MB to 512 MB.' },
    { kind: 'number', name: 'recordSize', label: 'Record size (KiB)', hint: 'Paper: fixed at 1 MB (1024 KiB).', min: 4 },
    {
      kind: 'multi',
      name: 'tests',
      label: 'Tests',
      hint: 'Paper shows writer and reader.',
      options: [
        { value: 'write', label: 'write' },
        { value: 'read', label: 'read' },
        { value: 'random', label: 'random' },
      ],
    },
    {
      kind: 'flag',
      name: 'oDirect',
      label: 'O_DIRECT (-I): bypass the page cache',
      hint: "Off as in the paper's out-of-the-box runs; on to measure the disk rather than memory.",
    },
    { kind: 'flag', name: 'flush', label: 'Include fsync in the timing (-e)', hint: 'Counts the flush to disk, so small files do not just measure the cache.' },
  ],
};
