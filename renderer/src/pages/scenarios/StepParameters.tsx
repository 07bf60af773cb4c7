// Step 3: each enabled benchmark's parameters, starting from the paper's, each explained in one line by its module's form.
import { benchmarkForms } from '../../../../main/contract/benchmarks.ts';
import type { FieldIssue } from '../../components/errors.ts';
import { issueAt } from '../../components/issues.ts';
import { BenchmarkFields } from './BenchmarkFields.tsx';
import { benchmarkIndex, withBenchmark, type Draft } from './draft.ts';

export function StepParameters({ draft, set, issues }: { draft: Draft; set(p: Partial<Draft>): void; issues: readonly FieldIssue[] }) {
  const shown = draft.benchmarks.filter((b) => b.enabled && benchmarkForms.some((f) => f.id === b.id));
  if (shown.length === 0) return <p className="muted">No benchmark chosen: go back one step.</p>;
  return (
    <>
      {shown.map((b) => (
        <BenchmarkFields
          key={b.id}
          info={benchmarkForms.find((f) => f.id === b.id)!}
          values={b.values}
          onChange={(name, v) => set({ benchmarks: withBenchmark(draft, b.id, { values: { [name]: v } }).benchmarks })}
          errorAt={(name) => issueAt(issues, `benchmarks[${benchmarkIndex(draft, b.id)}].params.${name}`)}
        />
      ))}
    </>
  );
}
