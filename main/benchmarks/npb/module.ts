// The NAS Parallel Benchmarks as a benchmark module: serial and OpenMP on one endpoint, MPI over N nodes; built from
// the user's tarball by the backend's 'npb-source' builder, stored under one name per variant (Figs. 3 and 4).
import { npbForm } from './form.ts';
import type { BenchmarkModule } from '../module.ts';
import { estimateNpb } from './estimate.ts';
import { npbMetrics } from './metrics.ts';
import { parseNpb } from './parse.ts';
import { rankRule } from './ranks.ts';
import { npbSpec } from './spec.ts';
import { npbSweepEntry, NpbPoint, type NpbSweep } from './sweep.ts';
import type { NpbKernel } from './kernels.ts';

const RUN_NAME = { serial: 'npb-serial', openmp: 'npb-omp', mpi: 'npb-mpi' } as const;
const isSquare = (n: number) => Math.round(Math.sqrt(n)) ** 2 === n;
const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;
const RULE_TEXT = { square: 'a square number of ranks (1, 4, 9, 16, ...)', 'power-of-two': 'a power-of-two number of ranks (1, 2, 4, 8, ...)' } as const;

/** Whether the kernel runs on this many MPI ranks (its decomposition rule). */
function runsOn(kernel: string, ranks: number): boolean {
  const rule = rankRule(kernel.toUpperCase() as NpbKernel);
  return rule === 'any' || (rule === 'square' ? isSquare(ranks) : isPowerOfTwo(ranks));
}

/** Per kernel, the MPI node counts of the sweep it cannot run (BT/SP on 2 nodes): planned without them. */
function countsLeftOut(s: NpbSweep): { kernel: string; nodes: number[]; rule: 'square' | 'power-of-two' }[] {
  if (!s.variants.includes('mpi')) return [];
  return s.kernels.flatMap((k) => {
    const kernel = k.toUpperCase();
    const rule = rankRule(kernel as NpbKernel);
    const nodes = s.mpiNodes.filter((n) => !runsOn(kernel, n * s.ranksPerNode));
    return rule !== 'any' && nodes.length ? [{ kernel, nodes, rule }] : [];
  });
}

function pointsOf(s: NpbSweep): { params: NpbPoint; label: string; nodeCount: number }[] {
  const out: { params: NpbPoint; label: string; nodeCount: number }[] = [];
  for (const kernel of s.kernels) {
    for (const cls of s.classes) {
      const name = `${kernel.toUpperCase()}.${cls}`;
      for (const variant of s.variants) {
        if (variant === 'serial') out.push({ params: { kernel, class: cls, variant }, label: `${name} serial`, nodeCount: 1 });
        if (variant === 'openmp') {
          for (const threads of s.threads) out.push({ params: { kernel, class: cls, variant, threads }, label: `${name} OpenMP ${threads}t`, nodeCount: 1 });
        }
        if (variant === 'mpi') {
          for (const nodes of s.mpiNodes) {
            const ranks = nodes * s.ranksPerNode;
            // A count the kernel cannot decompose over is left out of the plan (leftOut says so), not run to fail.
            if (!runsOn(kernel, ranks)) continue;
            out.push({
              params: { kernel, class: cls, variant, nodes, ranks, ...(s.mpi ? { mpi: s.mpi } : {}) },
              label: `${name} MPI ${nodes}n/${ranks}r`,
              nodeCount: nodes,
            });
          }
        }
      }
    }
  }
  return out;
}

export const npb = {
  id: 'npb',
  title: 'NAS Parallel Benchmarks',
  summary:
    "EP IS CG MG FT BT SP LU kernels, serial, OpenMP and MPI (one rank a node), built from the user's NPB 3.3/3.4 tarball; time and Mop/s, self-verified.",
  sweep: npbSweepEntry,
  form: npbForm,
  params: NpbPoint,
  runNames: Object.values(RUN_NAME),
  runName: (p) => RUN_NAME[p.variant],
  fromRun: (runName, params) => {
    const variant = Object.entries(RUN_NAME).find(([, name]) => name === runName)?.[0];
    return params['variant'] === undefined && variant ? { ...params, variant } : params;
  },
  points: pointsOf,
  leftOut: (s) =>
    countsLeftOut(s).map(
      ({ kernel, nodes, rule }) =>
        `NPB ${kernel} MPI on ${nodes.join(', ')} node(s) left out: ${kernel} needs ${RULE_TEXT[rule]}${s.ranksPerNode > 1 ? ` (${s.ranksPerNode} ranks a node)` : ''}`,
    ),

  check(s, platforms) {
    if (!s.variants.includes('mpi')) return [];
    const issues: { path: string; message: string }[] = [];
    // A kernel with no count it can run would silently vanish from the MPI sweep: that is refused.
    for (const { kernel, nodes, rule } of countsLeftOut(s)) {
      if (nodes.length === s.mpiNodes.length) {
        issues.push({
          path: `kernels[${s.kernels.findIndex((k) => k.toUpperCase() === kernel)}]`,
          message: `${kernel} runs on none of the MPI node counts (${nodes.join(', ')}): it needs ${RULE_TEXT[rule]}${s.ranksPerNode > 1 ? `; ${s.ranksPerNode} ranks a node` : ''}`,
        });
      }
    }
    // One message a node count, naming every platform too small for it (six 2-host platforms and 4, 16, 64 nodes made
    // 18 messages under one field in the wizard).
    s.mpiNodes.forEach((nodes, i) => {
      const small = platforms.filter((p) => nodes > p.endpoints.length);
      if (small.length === 1)
        issues.push({ path: `mpiNodes[${i}]`, message: `${nodes} nodes but platform "${small[0]!.name}" has only ${small[0]!.endpoints.length} endpoint(s)` });
      else if (small.length > 1) {
        const counts = [...new Set(small.map((p) => p.endpoints.length))].sort((a, b) => a - b).join(' or ');
        issues.push({
          path: `mpiNodes[${i}]`,
          message: `${nodes} nodes but platforms ${small.map((p) => `"${p.name}"`).join(', ')} have only ${counts} endpoint(s)`,
        });
      }
    });
    return issues;
  },

  endpoints: (p) => (p.variant === 'mpi' ? (p.nodes ?? 1) : 1),
  estimate: estimateNpb,
  requirements: (p) => [{ kind: 'build', builder: 'npb-source', spec: npbSpec(p) }],

  job(_p, ctx) {
    const b = ctx.built;
    if (!b) throw new Error('NPB needs its build (the npb-source builder)');
    return {
      ...(b.files ? { files: b.files } : {}),
      steps: [{ point: { kernel: _p.kernel, class: _p.class, variant: _p.variant }, argv: b.argv, ...(b.env ? { env: b.env } : {}) }],
    };
  },

  parseSaved: (text) => parseNpb(text),
  parse(text, _marker, p) {
    const out = parseNpb(text);
    const kernel = String(out.info.kernel ?? p.kernel.toUpperCase());
    if (kernel !== p.kernel.toUpperCase()) throw new Error(`the output is of NPB ${kernel}, the run asked for ${p.kernel.toUpperCase()}`);
    if (out.verified === false && !out.warnings.some((w) => /not performed/.test(w))) {
      const at = (name: string) => out.metrics.find((m) => m.name === name);
      const width =
        typeof out.info.processes === 'number'
          ? `${out.info.processes} processes`
          : typeof out.info.threads === 'number'
            ? `${out.info.threads} threads`
            : 'serial';
      throw new Error(
        `NPB ${kernel}.${String(out.info.class)} verification UNSUCCESSFUL (${width}): time ${at('time')?.value ?? '?'} s, ${at('mops_total')?.value ?? '?'} Mop/s total; numbers not stored`,
      );
    }
    return {
      metrics: out.metrics.map((m) => ({ name: m.name, point: kernel.toLowerCase(), value: m.value, unit: m.unit, better: m.better })),
      warnings: out.warnings,
    };
  },

  describePoint: (point, nodeCount, runName) => `${point.toUpperCase()}${runName === RUN_NAME.mpi ? ` on ${nodeCount} node${nodeCount === 1 ? '' : 's'}` : ''}`,
  pointKey: (p) => p.kernel,
  metrics: npbMetrics,
  figures: [
    {
      id: 'fig3',
      title: 'NPB relative execution time',
      logX: false,
      caption: 'NPB serial and OpenMP execution time per kernel (Fig. 3). Relative values are ratios to the baseline: 1.0 = like the baseline, above = slower.',
      panels: [
        { id: 'serial', title: 'Serial', xLabel: 'kernel', benchmark: RUN_NAME.serial, metric: 'time', kind: 'relative' },
        { id: 'openmp', title: 'OpenMP', xLabel: 'kernel', benchmark: RUN_NAME.openmp, metric: 'time', kind: 'relative' },
      ],
    },
    {
      id: 'fig4',
      title: 'NPB MPI performance',
      logX: true,
      caption: 'NPB MPI run time and speedup over the smallest node count, per kernel (Fig. 4).',
      panels: [{ id: 'mpi', title: 'run time', xLabel: 'nodes', benchmark: RUN_NAME.mpi, metric: 'time', kind: 'scaling' }],
    },
  ],
  headlines: [
    { label: 'NPB serial', benchmark: RUN_NAME.serial, metric: 'time' },
    { label: 'NPB OpenMP', benchmark: RUN_NAME.openmp, metric: 'time' },
    { label: 'NPB MPI', benchmark: RUN_NAME.mpi, metric: 'time' },
  ],
} satisfies BenchmarkModule<NpbSweep, NpbPoint>;
