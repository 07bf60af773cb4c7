// One benchmark sweep -> its points, as its module makes them: the parameters of one run each (the module's params
// schema), the name runs are stored under, how many nodes and endpoints it holds.
import type { BenchmarkSweep, PlanRun } from '../contract/scenarios.ts';
import type { AnyBenchmarkModule } from '../benchmarks/module.ts';
import { moduleById, runParams } from '../benchmarks/registry.ts';

export interface SweepPoint {
  module: AnyBenchmarkModule;
  /** The name the run is stored under (e.g. npb-mpi) and its parameters in that module's params schema. */
  run: PlanRun;
  params: PlanRun['params'];
  /** The benchmark name the run is stored under (e.g. npb-mpi). */
  runName: PlanRun['benchmark'];
  label: string;
  nodeCount: number;
  endpointsNeeded: number;
}

export function sweepModule(sweep: Pick<BenchmarkSweep, 'benchmark'>): AnyBenchmarkModule {
  const m = moduleById(sweep.benchmark);
  if (!m) throw new Error(`unknown benchmark "${sweep.benchmark}"`);
  return m;
}

export function sweepPoints(sweep: BenchmarkSweep): SweepPoint[] {
  const m = sweepModule(sweep);
  return m.points(sweep.params).map((p: { params: PlanRun['params']; label: string; nodeCount: number }) => {
    // The registry holds modules with their types erased: the module that made these params names them, and the
    // contract's PlanEntry (one params schema per stored name) checks the pair again when a plan leaves the core.
    const run = { benchmark: m.runName(p.params), params: p.params } as PlanRun;
    return { module: m, run, params: run.params, runName: run.benchmark, label: p.label, nodeCount: p.nodeCount, endpointsNeeded: m.endpoints(p.params) };
  });
}

/** The x a run's metrics are stored at (its module's rule; node count is stored apart); '' for an unknown run. */
export function pointKey(runName: string, params: Record<string, unknown>): string {
  const r = runParams(runName, params);
  return 'error' in r ? '' : r.module.pointKey(r.params);
}
