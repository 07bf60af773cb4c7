// One benchmark sweep -> its points, as its module makes them: the parameters of one run each (the module's params
// schema), the name runs are stored under, how many nodes and endpoints it holds.
import type { BenchmarkSweep } from '../contract/scenarios.ts';
import type { AnyBenchmarkModule } from '../benchmarks/module.ts';
import { moduleById, runParams } from '../benchmarks/registry.ts';

export interface SweepPoint {
  module: AnyBenchmarkModule;
  params: Record<string, unknown>;
  /** The benchmark name the run is stored under (e.g. npb-mpi). */
  runName: string;
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
  return m.points(sweep.params).map((p: { params: Record<string, unknown>; label: string; nodeCount: number }) => ({
    module: m, params: p.params, runName: m.runName(p.params), label: p.label, nodeCount: p.nodeCount, endpointsNeeded: m.endpoints(p.params),
  }));
}

/** The x a run's metrics are stored at (its module's rule; node count is stored apart); '' for an unknown run. */
export function pointKey(runName: string, params: Record<string, unknown>): string {
  const r = runParams(runName, params);
  return 'error' in r ? '' : r.module.pointKey(r.params);
}
