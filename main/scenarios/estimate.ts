// Rough per-run duration estimates, for a plan's total before anything starts. They say "about an hour",
// not "61 minutes": the actual times are measured and shown as the campaign goes.
import type { BenchmarkSweep } from '../contract/scenarios.ts';
import type { SweepPoint } from './points.ts';

/** Connecting, starting netserver, writing the result: per netperf point. */
const NETPERF_OVERHEAD_SEC = 2;
/** Assumed file throughput (MiB/s) through the page cache and with O_DIRECT. */
const IOZONE_CACHED_MIBPS = 400;
const IOZONE_DIRECT_MIBPS = 150;
/** Passes over the file per IOzone test: write+rewrite, read+reread, random read+random write. */
const IOZONE_PASSES: Record<string, number> = { write: 2, read: 2, random: 2 };

/** NPB 3.x serial seconds at class A on one current core (order of magnitude). */
const NPB_CLASS_A_SEC: Record<string, number> = { bt: 40, cg: 1.5, ep: 5, ft: 4, is: 0.6, lu: 30, mg: 2, sp: 30 };
/** Work of each class relative to class A. */
const NPB_CLASS_SCALE: Record<string, number> = { S: 0.01, W: 0.1, A: 1, B: 4, C: 16, D: 300, E: 5000 };
/** Parallel efficiency assumed for OpenMP threads and MPI ranks. */
const NPB_EFFICIENCY = 0.8;

export function estimatePointSec(benchmark: BenchmarkSweep['benchmark'], point: SweepPoint): number {
  const p = point.params;
  switch (benchmark) {
    case 'netperf':
      return Number(p['durationSec']) + NETPERF_OVERHEAD_SEC;
    case 'iozone': {
      const mib = Number(p['fileSize']) / 1024;
      const rate = p['oDirect'] ? IOZONE_DIRECT_MIBPS : IOZONE_CACHED_MIBPS;
      const passes = (p['tests'] as string[]).reduce((s, t) => s + (IOZONE_PASSES[t] ?? 1), 0);
      return 1 + (passes * mib) / rate;
    }
    case 'npb': {
      const serial = (NPB_CLASS_A_SEC[String(p['kernel'])] ?? 10) * (NPB_CLASS_SCALE[String(p['class'])] ?? 1);
      const width = Number(p['ranks'] ?? p['threads'] ?? 1);
      const compute = width > 1 ? serial / (width * NPB_EFFICIENCY) : serial;
      // mpirun start-up grows with nodes; compiling is accounted to installation, not here.
      const startup = p['variant'] === 'mpi' ? 1 + 0.5 * point.nodeCount : 0.5;
      return compute + startup;
    }
  }
}
