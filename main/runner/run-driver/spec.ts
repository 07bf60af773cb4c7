// A campaign run (benchmark name + scenario parameters) -> what the benchmark runner measures: the catalog's
// validated parameters for netperf and IOzone, the kernel/class/variant/ranks for NPB. Pure.
import { iozoneParamsSchema, type IozoneParams } from '../../benchmarks/iozone/params.ts';
import { netperfParamsSchema, type NetperfParams } from '../../benchmarks/netperf/params.ts';
import { npbClasses, npbKernels, npbVersions, type NpbClass, type NpbKernel, type NpbVariant, type NpbVersion } from '../../benchmarks/npb/kernels.ts';
import { checkRankCount } from '../../benchmarks/npb/ranks.ts';
import type { DriverRun } from '../../campaigns/driver.ts';
import { RunnerError } from '../errors.ts';

export interface NpbSpec {
  kernel: NpbKernel;
  class: NpbClass;
  variant: NpbVariant;
  /** OpenMP threads (1 for serial and MPI). */
  threads: number;
  /** Endpoints the run uses (1 unless MPI). */
  nodes: number;
  /** MPI ranks in all (nodes x ranks per node). */
  ranks: number;
  /** MPI implementation; undefined: what `mpirun --version` reports on the run's first endpoint. */
  mpi?: 'openmpi' | 'mpich';
  /** Preferred NPB version; the tarball decides what exists. */
  version: NpbVersion;
}

export type RunSpec =
  | { kind: 'netperf'; params: NetperfParams }
  | { kind: 'iozone'; params: IozoneParams }
  | { kind: 'npb'; npb: NpbSpec };

/** The IOzone folder placeholder; the driver puts the run's scratch folder there before building commands. */
export const SCRATCH_PLACEHOLDER = '/virtlab-scratch-not-resolved';

const IOZONE_TEST: Record<string, number> = { write: 0, read: 1, random: 2 };

function bad(what: string, issues: readonly { path: PropertyKey[]; message: string }[]): RunnerError {
  return new RunnerError('config', `invalid ${what} parameters: ${issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function netperfSpec(p: Record<string, unknown>): RunSpec {
  // Scenario points carry one size each (messageSize); catalog-style `sizes` is taken as is.
  const size = num(p['messageSize']);
  const raw: Record<string, unknown> = {
    test: p['test'] ?? 'TCP_RR',
    sizes: Array.isArray(p['sizes']) ? p['sizes'] : size !== undefined ? [size] : [],
    durationSec: p['durationSec'] ?? 10,
    ...(p['confidence'] !== undefined ? { confidence: p['confidence'] } : {}),
    ...(p['dataPort'] !== undefined ? { dataPort: p['dataPort'] } : {}),
  };
  const r = netperfParamsSchema.safeParse(raw);
  if (!r.success) throw bad('netperf', r.error.issues);
  return { kind: 'netperf', params: r.data };
}

function iozoneSpec(p: Record<string, unknown>): RunSpec {
  const tests = Array.isArray(p['tests']) ? (p['tests'] as unknown[]).map((t) => (typeof t === 'string' ? IOZONE_TEST[t] ?? -1 : t)) : undefined;
  const fileSize = num(p['fileSize']);
  const raw: Record<string, unknown> = {
    ...(tests ? { tests } : {}),
    recordKB: p['recordSize'] ?? p['recordKB'] ?? 1024,
    fileSizesKB: Array.isArray(p['fileSizesKB']) ? p['fileSizesKB'] : fileSize !== undefined ? [fileSize] : undefined,
    folder: typeof p['folder'] === 'string' ? p['folder'] : SCRATCH_PLACEHOLDER,
    directIO: p['oDirect'] ?? p['directIO'] ?? false,
    includeFlush: p['flush'] ?? p['includeFlush'] ?? true,
    excelReport: true,
  };
  if (raw.fileSizesKB === undefined) throw new RunnerError('config', 'invalid IOzone parameters: fileSize: a file size (KiB) is required');
  const r = iozoneParamsSchema.safeParse(raw);
  if (!r.success) throw bad('IOzone', r.error.issues);
  if (r.data.fileSizesKB.every((s) => s < r.data.recordKB)) throw new RunnerError('config', `invalid IOzone parameters: no file size is at least one ${r.data.recordKB} KiB record`);
  return { kind: 'iozone', params: r.data };
}

function npbVariantOf(benchmark: string, p: Record<string, unknown>): NpbVariant {
  if (benchmark === 'npb-serial') return 'serial';
  if (benchmark === 'npb-omp') return 'openmp';
  if (benchmark === 'npb-mpi') return 'mpi';
  const v = p['variant'];
  if (v === 'serial' || v === 'openmp' || v === 'mpi') return v;
  throw new RunnerError('config', `invalid NPB parameters: variant: serial, openmp or mpi expected, got ${JSON.stringify(v)}`);
}

function npbSpec(benchmark: string, p: Record<string, unknown>, nodeCount: number): RunSpec {
  const variant = npbVariantOf(benchmark, p);
  const kernel = String(p['kernel'] ?? '').toUpperCase() as NpbKernel;
  if (!npbKernels.includes(kernel)) throw new RunnerError('config', `invalid NPB parameters: kernel: one of ${npbKernels.join(', ')} expected, got ${JSON.stringify(p['kernel'])}`);
  const cls = String(p['class'] ?? '').toUpperCase() as NpbClass;
  if (!npbClasses.includes(cls)) throw new RunnerError('config', `invalid NPB parameters: class: one of ${npbClasses.join(' ')} expected, got ${JSON.stringify(p['class'])}`);
  const nodes = variant === 'mpi' ? num(p['nodes']) ?? nodeCount : 1;
  const ranks = variant === 'mpi' ? num(p['ranks']) ?? nodes : 1;
  if (!Number.isInteger(nodes) || nodes < 1 || !Number.isInteger(ranks) || ranks < nodes || ranks % nodes !== 0) {
    throw new RunnerError('config', `invalid NPB parameters: ${ranks} ranks cannot be spread evenly over ${nodes} nodes`);
  }
  if (variant === 'mpi') {
    try { checkRankCount(kernel, ranks); } catch (e) { throw new RunnerError('refused', (e as Error).message); }
  }
  const threads = variant === 'openmp' ? num(p['threads']) ?? 1 : 1;
  const mpi = p['mpi'];
  if (mpi !== undefined && mpi !== 'openmpi' && mpi !== 'mpich') throw new RunnerError('config', `invalid NPB parameters: mpi: 'openmpi' or 'mpich' expected, got ${JSON.stringify(mpi)}`);
  const version = npbVersions.includes(p['version'] as NpbVersion) ? p['version'] as NpbVersion : '3.4';
  return { kind: 'npb', npb: { kernel, class: cls, variant, threads, nodes, ranks, ...(mpi ? { mpi } : {}), version } };
}

/** Throws RunnerError('config' | 'refused') for parameters no run could use. */
export function runSpec(run: Pick<DriverRun, 'benchmark' | 'params' | 'nodeCount'>): RunSpec {
  const b = run.benchmark;
  if (b === 'netperf') return netperfSpec(run.params);
  if (b === 'iozone') return iozoneSpec(run.params);
  if (b === 'npb' || b.startsWith('npb-')) return npbSpec(b, run.params, run.nodeCount);
  throw new RunnerError('config', `the benchmark runner does not know "${b}" (known: netperf, iozone, npb-serial, npb-omp, npb-mpi)`);
}

/** Endpoints a run needs: a netperf pair, the MPI node count, else one. */
export function endpointsNeeded(spec: RunSpec): number {
  return spec.kind === 'netperf' ? 2 : spec.kind === 'npb' ? spec.npb.nodes : 1;
}
