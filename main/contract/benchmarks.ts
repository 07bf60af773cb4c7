// The wizard's view of the benchmark modules: each module's form (main/benchmarks/form.ts), in registry order, so the
// renderer draws any module's parameters without a form of its own per benchmark.
import { allModules, type BenchmarkForm } from '../benchmarks/registry.ts';

export type { FormField, FormFieldKind, FormOption } from '../benchmarks/registry.ts';

export interface BenchmarkFormInfo {
  /** The name scenarios use (`benchmark: netperf`). */
  id: string;
  title: string;
  form: BenchmarkForm<Record<string, unknown>>;
}

export const benchmarkForms: readonly BenchmarkFormInfo[] = allModules().flatMap((m) =>
  m.form ? [{ id: m.id, title: m.title, form: m.form as BenchmarkForm<Record<string, unknown>> }] : [],
);
