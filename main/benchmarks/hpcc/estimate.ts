// How long an HPCC run takes before it has history. Measured on the lab (2 shared cores): N=500 serial 0.5 s,
// N=1000 serial about 4 s, N=500 on 2 ranks over TCP about 16 s (the MPI RandomAccess and the ring tests dominate).
import type { PointEstimate } from '../module.ts';
import { ranksOf, type HpccPoint } from './sweep.ts';

/** Serial seconds of the whole suite at N=500; the work grows with N^3 (HPL) and the rest with N^2. */
const SERIAL_N500_SEC = 0.5;
/** Seconds each extra rank adds (MPI start-up, the ring and ping-pong tests, RandomAccess messages). */
const PER_RANK_SEC = 7;
/** Connecting, starting the detached job, polling and storing: per run. */
const RUN_OVERHEAD_SEC = 3;

export function estimateHpcc(p: HpccPoint): PointEstimate {
  const ratio = p.problemSize / 500;
  const compute = SERIAL_N500_SEC * Math.max(ratio ** 3, ratio ** 2);
  const ranks = ranksOf(p);
  const mpi = p.variant === 'mpi' ? 1 + PER_RANK_SEC * (ranks - 1) : 0;
  return { runSec: compute + mpi + RUN_OVERHEAD_SEC, setup: [] };
}
