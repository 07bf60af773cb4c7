// One benchmark sweep -> its points: the parameters of one run each, how many nodes and endpoints it holds.
import type { BenchmarkSweep } from '../contract/scenarios.ts';

export interface SweepPoint {
  params: Record<string, unknown>;
  label: string;
  nodeCount: number;
  endpointsNeeded: number;
}

const bytes = (n: number) => (n >= 1024 && n % 1024 === 0 ? (n >= 1 << 20 && n % (1 << 20) === 0 ? `${n >> 20} MiB` : `${n >> 10} KiB`) : `${n} B`);
const kib = (n: number) => bytes(n * 1024);

export function sweepPoints(sweep: BenchmarkSweep): SweepPoint[] {
  switch (sweep.benchmark) {
    case 'netperf': {
      const p = sweep.params;
      const out: SweepPoint[] = [];
      for (const test of p.tests) {
        const sizes: (number | undefined)[] = test === 'TCP_RR' ? p.messageSizes : p.streamSizes.length ? p.streamSizes : [undefined];
        for (const size of sizes) {
          out.push({
            params: { test, ...(size !== undefined ? { messageSize: size } : {}), durationSec: p.durationSec },
            label: size !== undefined ? `${test} ${bytes(size)}` : test,
            nodeCount: 2, endpointsNeeded: 2,
          });
        }
      }
      return out;
    }
    case 'iozone': {
      const p = sweep.params;
      return p.fileSizes.map((fileSize) => ({
        params: { fileSize, recordSize: p.recordSize, tests: p.tests, oDirect: p.oDirect, flush: p.flush },
        label: `${kib(fileSize)} file, ${kib(p.recordSize)} records${p.oDirect ? ', O_DIRECT' : ''}`,
        nodeCount: 1, endpointsNeeded: 1,
      }));
    }
    case 'npb': {
      const p = sweep.params;
      const out: SweepPoint[] = [];
      for (const kernel of p.kernels) {
        for (const cls of p.classes) {
          for (const variant of p.variants) {
            const name = `${kernel.toUpperCase()}.${cls}`;
            if (variant === 'serial') out.push({ params: { kernel, class: cls, variant }, label: `${name} serial`, nodeCount: 1, endpointsNeeded: 1 });
            if (variant === 'openmp') {
              for (const threads of p.threads) out.push({ params: { kernel, class: cls, variant, threads }, label: `${name} OpenMP ${threads}t`, nodeCount: 1, endpointsNeeded: 1 });
            }
            if (variant === 'mpi') {
              for (const nodes of p.mpiNodes) {
                const ranks = nodes * p.ranksPerNode;
                out.push({ params: { kernel, class: cls, variant, nodes, ranks, ...(p.mpi ? { mpi: p.mpi } : {}) }, label: `${name} MPI ${nodes}n/${ranks}r`, nodeCount: nodes, endpointsNeeded: nodes });
              }
            }
          }
        }
      }
      return out;
    }
  }
}

/** The benchmark name a run is stored under: NPB once per variant (npb-serial, npb-omp, npb-mpi), the names the
 * analysis figures read (main/analysis/figures.ts DEFAULT_CONVENTIONS); netperf and IOzone keep their own. */
export function runBenchmarkName(benchmark: BenchmarkSweep['benchmark'], params: Record<string, unknown>): 'netperf' | 'iozone' | 'npb-serial' | 'npb-omp' | 'npb-mpi' {
  if (benchmark !== 'npb') return benchmark;
  return params['variant'] === 'mpi' ? 'npb-mpi' : params['variant'] === 'openmp' ? 'npb-omp' : 'npb-serial';
}

/** The x a run's metrics are stored at: the point within its benchmark (node count is stored apart). */
export function pointKey(benchmark: string, params: Record<string, unknown>): string {
  switch (benchmark) {
    case 'netperf': return params['messageSize'] !== undefined ? `${String(params['test'])} ${String(params['messageSize'])}` : String(params['test'] ?? '');
    case 'iozone': return String(params['fileSize'] ?? '');
    case 'npb': case 'npb-serial': case 'npb-omp': case 'npb-mpi': return [params['kernel'], params['class'], params['variant'], params['threads'] !== undefined ? `${String(params['threads'])}t` : undefined]
      .filter((x) => x !== undefined).map(String).join('.');
    default: return '';
  }
}
