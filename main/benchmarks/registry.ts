// THE list of benchmarks: one line per module. Everything else asks these modules (main/benchmarks/module.ts).
import type { AnyBenchmarkModule, ToolRequirement } from './module.ts';
import { iozone } from './iozone/module.ts';
import { netperf } from './netperf/module.ts';
import { hpcc } from './hpcc/module.ts';
import { npb } from './npb/module.ts';

export const benchmarkModules = [netperf, iozone, npb, hpcc] as const;

const all: readonly AnyBenchmarkModule[] = benchmarkModules;

/** The module a scenario names (`benchmark: npb`). */
export function moduleById(id: string): AnyBenchmarkModule | undefined {
  return all.find((m) => m.id === id);
}

/** The module runs stored under `runName` belong to (`npb-mpi` -> npb; older plans stored plain `npb`). */
export function moduleOfRun(runName: string): AnyBenchmarkModule | undefined {
  return all.find((m) => m.runNames.includes(runName)) ?? moduleById(runName);
}

/** The installed tool of that name, from the module that runs it (netperf, iozone). */
export function toolByName(name: string): ToolRequirement | undefined {
  return all.find((m) => m.tool?.tool === name)?.tool;
}

export function allModules(): readonly AnyBenchmarkModule[] {
  return all;
}

/** A stored run's module and its params read by the module's schema (the module's one vocabulary). */
export function runParams(
  runName: string,
  params: Record<string, unknown>,
): { module: AnyBenchmarkModule; params: unknown } | { module?: AnyBenchmarkModule; error: string } {
  const module = moduleOfRun(runName);
  if (!module) return { error: `unknown benchmark "${runName}"` };
  const parsed = module.params.safeParse(module.fromRun ? module.fromRun(runName, params) : params);
  if (!parsed.success) return { module, error: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ') };
  return { module, params: parsed.data };
}

/** The form types the contract hands on to the wizard (main/contract/benchmarks.ts). */
export type { BenchmarkForm, FormField, FormFieldKind, FormOption } from './form.ts';
