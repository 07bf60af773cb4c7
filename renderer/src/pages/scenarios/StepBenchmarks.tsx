// Step 2: which benchmarks, each said in one line by its module's form (what it measures, which figure it feeds).
import { benchmarkForms } from '../../../../main/contract/benchmarks.ts';
import type { FieldIssue } from '../../components/errors.ts';
import { CheckboxField } from '../../components/Field.tsx';
import { issueAt } from '../../components/issues.ts';
import { benchmarkDraft, withBenchmark, type Draft } from './draft.ts';

export function StepBenchmarks({ draft, set, issues }: { draft: Draft; set(p: Partial<Draft>): void; issues: readonly FieldIssue[] }) {
  const error = issueAt(issues, 'benchmarks');
  return (
    <fieldset>
      <legend>Benchmarks</legend>
      {benchmarkForms.map((f) => (
        <CheckboxField
          key={f.id}
          label={f.form.pick}
          checked={benchmarkDraft(draft, f.id)?.enabled ?? false}
          onChange={(enabled) => set({ benchmarks: withBenchmark(draft, f.id, { enabled }).benchmarks })}
        />
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
