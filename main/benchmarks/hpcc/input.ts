// The hpccinf.txt a run writes: HPL's input file (HPCC reads the same file) for one problem size, block size and
// process grid, with the example file's other settings (Debian's /usr/share/doc/hpcc/examples/_hpccinf.txt).

/** The P x Q process grid for `ranks` ranks: P the largest divisor not above the square root, so P <= Q (HPL's advice). */
export function processGrid(ranks: number): { p: number; q: number } {
  let p = Math.floor(Math.sqrt(ranks));
  while (ranks % p !== 0) p--;
  return { p, q: ranks / p };
}

const row = (value: string | number, what: string) => `${String(value).padEnd(12)} ${what}`;

export function hpccInput(problemSize: number, blockSize: number, ranks: number): string {
  const { p, q } = processGrid(ranks);
  return [
    'HPLinpack benchmark input file',
    'Innovative Computing Laboratory, University of Tennessee (written by VirtLab)',
    row('HPL.out', 'output file name (if any)'),
    row(8, 'device out (6=stdout,7=stderr,file)'),
    row(1, '# of problems sizes (N)'),
    row(problemSize, 'Ns'),
    row(1, '# of NBs'),
    row(blockSize, 'NBs'),
    row(0, 'PMAP process mapping (0=Row-,1=Column-major)'),
    row(1, '# of process grids (P x Q)'),
    row(p, 'Ps'),
    row(q, 'Qs'),
    row('16.0', 'threshold'),
    row(1, '# of panel fact'),
    row(2, 'PFACTs (0=left, 1=Crout, 2=Right)'),
    row(1, '# of recursive stopping criterium'),
    row(4, 'NBMINs (>= 1)'),
    row(1, '# of panels in recursion'),
    row(2, 'NDIVs'),
    row(1, '# of recursive panel fact.'),
    row(1, 'RFACTs (0=left, 1=Crout, 2=Right)'),
    row(1, '# of broadcast'),
    row(1, 'BCASTs (0=1rg,1=1rM,2=2rg,3=2rM,4=Lng,5=LnM)'),
    row(1, '# of lookahead depth'),
    row(1, 'DEPTHs (>=0)'),
    row(2, 'SWAP (0=bin-exch,1=long,2=mix)'),
    row(64, 'swapping threshold'),
    row(0, 'L1 in (0=transposed,1=no-transposed) form'),
    row(0, 'U  in (0=transposed,1=no-transposed) form'),
    row(1, 'Equilibration (0=no,1=yes)'),
    row(8, 'memory alignment in double (> 0)'),
    '##### This line (no. 32) is ignored (it serves as a separator). ######',
    row(0, 'Number of additional problem sizes for PTRANS'),
    row(problemSize, 'values of N'),
    row(0, 'number of additional blocking sizes for PTRANS'),
    row(blockSize, 'values of NB'),
    '',
  ].join('\n');
}
