// MPI rank-count rules of the NPB kernels: BT and SP decompose over a square grid of processes, EP runs on
// any count, and the others (IS CG MG FT LU) need a power of two.
import type { NpbKernel } from './kernels.ts';

export type RankRule = 'any' | 'square' | 'power-of-two';

export function rankRule(kernel: NpbKernel): RankRule {
  if (kernel === 'EP') return 'any';
  if (kernel === 'BT' || kernel === 'SP') return 'square';
  return 'power-of-two';
}

const isSquare = (n: number) => Math.round(Math.sqrt(n)) ** 2 === n;
const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

/** Throws an Error that says which counts the kernel accepts; returns n when it is valid. */
export function checkRankCount(kernel: NpbKernel, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`NPB ${kernel}: the number of MPI ranks must be a whole number of at least 1, got ${n}`);
  const rule = rankRule(kernel);
  if (rule === 'square' && !isSquare(n)) {
    const lo = Math.floor(Math.sqrt(n)) ** 2;
    const hi = Math.ceil(Math.sqrt(n)) ** 2;
    throw new Error(`NPB ${kernel} needs a square number of MPI ranks (1, 4, 9, 16, ...); ${n} is not (nearest: ${lo} or ${hi})`);
  }
  if (rule === 'power-of-two' && !isPowerOfTwo(n)) {
    const lo = 2 ** Math.floor(Math.log2(n));
    throw new Error(`NPB ${kernel} needs a power-of-two number of MPI ranks (1, 2, 4, 8, ...); ${n} is not (nearest: ${lo} or ${lo * 2})`);
  }
  return n;
}

/** The counts in 1..max that the kernel accepts, e.g. for offering node counts in a form. */
export function validRankCounts(kernel: NpbKernel, max: number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= max; n++) {
    try {
      checkRankCount(kernel, n);
      out.push(n);
    } catch {
      // not valid for this kernel
    }
  }
  return out;
}
