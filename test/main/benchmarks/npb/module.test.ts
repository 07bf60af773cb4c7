// The NPB module's MPI sweep against each kernel's rank rule: counts a kernel cannot decompose over are left out of
// its points with a sentence saying so (the paper's Figure 4: EP/IS/CG on 1..64 and BT/SP on squares, one sweep); a
// kernel left with no count at all is refused.
import { describe, expect, it } from 'vitest';
import { npb } from '../../../../main/benchmarks/npb/module.ts';
import { NpbSweep } from '../../../../main/benchmarks/npb/sweep.ts';

const sweep = (params: Record<string, unknown>) => NpbSweep.parse({ classes: ['S'], variants: ['mpi'], ...params });
const counts = (s: NpbSweep, kernel: string) =>
  npb
    .points(s)
    .filter((p) => p.params.kernel === kernel)
    .map((p) => p.nodeCount);

describe('NPB MPI counts per kernel', () => {
  const fig4 = sweep({ kernels: ['ep', 'is', 'cg', 'bt', 'sp'], mpiNodes: [1, 2, 4, 8, 9, 16, 25, 32, 36, 49, 64] });

  it('plans each kernel on the counts it can run: squares for BT/SP, powers of two for IS/CG, any for EP', () => {
    expect(counts(fig4, 'ep')).toEqual([1, 2, 4, 8, 9, 16, 25, 32, 36, 49, 64]);
    expect(counts(fig4, 'is')).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(counts(fig4, 'cg')).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(counts(fig4, 'bt')).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
    expect(counts(fig4, 'sp')).toEqual([1, 4, 9, 16, 25, 36, 49, 64]);
    expect(npb.check(fig4, [{ name: 'native', endpoints: Array.from({ length: 64 }, (_, i) => `h${i}`) }])).toEqual([]);
  });

  it('says which counts it left out and why', () => {
    expect(npb.leftOut(fig4)).toEqual([
      'NPB IS MPI on 9, 25, 36, 49 node(s) left out: IS needs a power-of-two number of ranks (1, 2, 4, 8, ...)',
      'NPB CG MPI on 9, 25, 36, 49 node(s) left out: CG needs a power-of-two number of ranks (1, 2, 4, 8, ...)',
      'NPB BT MPI on 2, 8, 32 node(s) left out: BT needs a square number of ranks (1, 4, 9, 16, ...)',
      'NPB SP MPI on 2, 8, 32 node(s) left out: SP needs a square number of ranks (1, 4, 9, 16, ...)',
    ]);
    expect(npb.leftOut(sweep({ kernels: ['ep', 'bt'], mpiNodes: [1, 4] }))).toEqual([]);
    // Ranks, not nodes, decide: 2 nodes x 2 ranks = 4 is square.
    const twoPerNode = sweep({ kernels: ['bt'], mpiNodes: [1, 2], ranksPerNode: 2 });
    expect(counts(twoPerNode, 'bt')).toEqual([2]);
    expect(npb.leftOut(twoPerNode)).toEqual(['NPB BT MPI on 1 node(s) left out: BT needs a square number of ranks (1, 4, 9, 16, ...) (2 ranks a node)']);
    // Serial and OpenMP runs have no rank rule.
    expect(npb.leftOut(sweep({ kernels: ['bt'], variants: ['serial'], mpiNodes: [2] }))).toEqual([]);
  });

  it('refuses a kernel that none of the counts can run, naming it', () => {
    const s = sweep({ kernels: ['ep', 'sp'], mpiNodes: [2, 8] });
    expect(npb.check(s, [])).toEqual([
      { path: 'kernels[1]', message: 'SP runs on none of the MPI node counts (2, 8): it needs a square number of ranks (1, 4, 9, 16, ...)' },
    ]);
  });
});
