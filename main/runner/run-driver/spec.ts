// A campaign run (stored benchmark name + parameters) -> its module, its typed parameters and what it needs from the
// backend. The module decides everything benchmark-specific; this only finds it and turns its refusals into
// RunnerErrors. Pure.
import type { AnyBenchmarkModule, Requirement } from '../../benchmarks/module.ts';
import { allModules, runParams } from '../../benchmarks/registry.ts';
import type { DriverRun } from '../../campaigns/driver.ts';
import { RunnerError } from '../errors.ts';

export interface RunSpec {
  module: AnyBenchmarkModule;
  /** The run's parameters, parsed by the module's params schema. */
  params: unknown;
  requirements: Requirement[];
  /** Endpoints the run holds, role order. */
  endpoints: number;
}

/** Throws RunnerError('config' | 'refused') for parameters no run could use. */
export function runSpec(run: Pick<DriverRun, 'benchmark' | 'params' | 'nodeCount'>): RunSpec {
  const r = runParams(run.benchmark, run.params);
  if (!r.module)
    throw new RunnerError(
      'config',
      `the benchmark runner does not know "${run.benchmark}" (known: ${allModules()
        .flatMap((m) => m.runNames)
        .join(', ')})`,
    );
  if ('error' in r) throw new RunnerError('config', `invalid ${r.module.title} parameters: ${r.error}`);
  const { module, params } = r;
  let requirements: Requirement[];
  let endpoints: number;
  try {
    requirements = module.requirements(params);
    endpoints = module.endpoints(params);
  } catch (e) {
    throw new RunnerError('refused', (e as Error).message);
  }
  return { module, params, requirements, endpoints };
}

/** The requirement of a kind, if the run has one. */
export function need<K extends Requirement['kind']>(spec: RunSpec, kind: K): Extract<Requirement, { kind: K }> | undefined {
  return spec.requirements.find((r) => r.kind === kind) as Extract<Requirement, { kind: K }> | undefined;
}
