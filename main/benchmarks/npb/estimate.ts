// How long an NPB run takes before it has history: the kernel's time at its class, plus what must happen first on
// each endpoint it uses (the source uploaded and unpacked, the kernel built for its class and tree, MPI keys).
import type { PointEstimate, SetupCost } from '../module.ts';
import type { NpbPoint } from './sweep.ts';

/** NPB 3.x serial seconds at class A on one current core (order of magnitude). */
const CLASS_A_SEC: Record<string, number> = { bt: 40, cg: 1.5, ep: 5, ft: 4, is: 0.6, lu: 30, mg: 2, sp: 30 };
/** Work of each class relative to class A. */
const CLASS_SCALE: Record<string, number> = { S: 0.01, W: 0.1, A: 1, B: 4, C: 16, D: 300, E: 5000 };
/** Parallel efficiency assumed for OpenMP threads and MPI ranks. */
const EFFICIENCY = 0.8;
/** Connecting, facts, starting the detached job, polling and storing: per run. */
const RUN_OVERHEAD_SEC = 3;
/** Uploading and unpacking the tarball, probing the toolchain: once per endpoint. */
const STAGE_SEC = 6;
/** Configuring and compiling one kernel for one class in one tree (gfortran, -O3): once per endpoint. */
const BUILD_SEC: Record<string, number> = { bt: 25, cg: 6, ep: 5, ft: 8, is: 4, lu: 20, mg: 8, sp: 20 };
/** Copying the tree for an MPI implementation: once per endpoint. */
const MPI_TREE_SEC = 3;
/** Key pair made and installed on every node of a set. */
const MPI_KEYS_SEC = 3;

export function estimateNpb(p: NpbPoint): PointEstimate {
  const serial = (CLASS_A_SEC[p.kernel] ?? 10) * (CLASS_SCALE[p.class] ?? 1);
  const width = p.variant === 'mpi' ? (p.ranks ?? 1) : p.variant === 'openmp' ? (p.threads ?? 1) : 1;
  const compute = width > 1 ? serial / (width * EFFICIENCY) : serial;
  const nodes = p.variant === 'mpi' ? (p.nodes ?? 1) : 1;
  const startup = p.variant === 'mpi' ? 1 + 0.5 * nodes : 0.5;
  const tree = p.variant === 'mpi' ? `mpi-${p.mpi ?? 'default'}` : 'ser-omp';
  const setup: SetupCost[] = [];
  for (let node = 0; node < nodes; node++) {
    setup.push({ key: `npb-stage@${node}`, sec: STAGE_SEC, what: 'NPB source upload and unpack' });
    if (p.variant === 'mpi') setup.push({ key: `npb-${tree}@${node}`, sec: MPI_TREE_SEC, what: 'NPB MPI tree' });
    setup.push({
      key: `npb-build-${tree}-${p.kernel}.${p.class}@${node}`,
      sec: BUILD_SEC[p.kernel] ?? 10,
      what: `NPB ${p.kernel.toUpperCase()}.${p.class} build`,
    });
  }
  if (nodes > 1) setup.push({ key: `npb-keys@${nodes}`, sec: MPI_KEYS_SEC * nodes, what: 'MPI keys', sshRankLaunch: true });
  return { runSec: compute + startup + RUN_OVERHEAD_SEC, setup };
}
