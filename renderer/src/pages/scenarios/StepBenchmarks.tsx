// Step 2: which benchmarks, each said in one line (what it measures, which figure of the paper it feeds).
import type { FieldIssue } from '../../components/errors.ts';
import { CheckboxField } from '../../components/Field.tsx';
import { issueAt } from '../../components/issues.ts';
import type { Draft } from './draft.ts';

export function StepBenchmarks({ draft, set, issues }: { draft: Draft; set(p: Partial<Draft>): void; issues: readonly FieldIssue[] }) {
  const error = issueAt(issues, 'benchmarks');
  return (
    <fieldset>
      <legend>Benchmarks</legend>
      <CheckboxField label="Netperf — network latency (TCP_RR, half round trip) and bandwidth (TCP_STREAM) between two endpoints (Fig. 1a, 1b)"
        checked={draft.netperf.enabled} onChange={(enabled) => set({ netperf: { ...draft.netperf, enabled } })} />
      <CheckboxField label="IOzone — file system write and read bandwidth over a range of file sizes (Fig. 2)"
        checked={draft.iozone.enabled} onChange={(enabled) => set({ iozone: { ...draft.iozone, enabled } })} />
      <CheckboxField label="NAS Parallel Benchmarks — serial, OpenMP and MPI kernels, time relative to native (Fig. 3, 4)"
        checked={draft.npb.enabled} onChange={(enabled) => set({ npb: { ...draft.npb, enabled } })} />
      {error && <p className="field-error" role="alert">{error}</p>}
    </fieldset>
  );
}
