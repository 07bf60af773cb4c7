// Step 4: how often and in which order, pauses, time limits and what a failure does.
import type { FieldIssue } from '../../components/errors.ts';
import { CheckboxField, NumberField, SelectField, TextField } from '../../components/Field.tsx';
import { issueAt } from '../../components/issues.ts';
import type { Draft } from './draft.ts';

export function StepExecution({ draft, set, issues }: { draft: Draft; set(p: Partial<Draft>): void; issues: readonly FieldIssue[] }) {
  const at = (p: string) => issueAt(issues, p);
  return (
    <>
      <div className="grid-3">
        <SelectField
          label="How points repeat"
          value={draft.repeatMode}
          onChange={(repeatMode) => set({ repeatMode })}
          options={[
            { value: 'fixed', label: 'A fixed count' },
            { value: 'adaptive', label: 'Adaptive: until precise enough' },
          ]}
          hint={
            draft.repeatMode === 'fixed'
              ? 'The same number of runs of every point on every platform.'
              : 'Each point repeats until the confidence interval of its ratio to the baseline is narrow enough, within a minimum and a cap.'
          }
        />
        {draft.repeatMode === 'fixed' ? (
          <NumberField
            label="Repetitions"
            value={draft.repetitions}
            onChange={(repetitions) => set({ repetitions })}
            error={at('repetitions')}
            min={1}
            hint="Runs of each point on each platform; means and confidence intervals need at least 3."
          />
        ) : (
          <NumberField
            label="Target: interval within ± (%)"
            value={draft.adaptive.targetPct}
            onChange={(targetPct) => set({ adaptive: { ...draft.adaptive, targetPct } })}
            error={at('adaptive.targetPct')}
            min={0.1}
            step={0.5}
            hint="95% interval of each platform's ratio to the baseline, on the point's headline metrics (netperf: half round trip or throughput)."
          />
        )}
        {draft.repeatMode === 'adaptive' && (
          <>
            <NumberField
              label="At least (runs)"
              value={draft.adaptive.min}
              onChange={(min) => set({ adaptive: { ...draft.adaptive, min } })}
              error={at('adaptive.min')}
              min={2}
              hint="Measured runs of each point before the interval is judged."
            />
            <NumberField
              label="At most (cap)"
              value={draft.adaptive.max}
              onChange={(max) => set({ adaptive: { ...draft.adaptive, max } })}
              error={at('adaptive.max')}
              min={2}
              hint="A point still too noisy here stops and says so."
            />
            <NumberField
              label="Warm-up runs"
              value={draft.adaptive.warmup}
              onChange={(warmup) => set({ adaptive: { ...draft.adaptive, warmup } })}
              error={at('adaptive.warmup')}
              min={0}
              hint="Run first and discarded (their raw output is kept)."
            />
          </>
        )}
        <SelectField
          label="Order"
          value={draft.order}
          onChange={(order) => set({ order })}
          error={at('order')}
          options={[
            { value: 'interleaved', label: 'Interleaved' },
            { value: 'grouped', label: 'Grouped' },
            { value: 'randomized', label: 'Randomized' },
          ]}
          hint={
            {
              interleaved: 'Platforms alternate for every point and repetition, so drift hits all alike.',
              grouped: 'Platform by platform: simplest, but drift over time favours one platform.',
              randomized: 'Shuffled with a seed (recorded), so the order can be reproduced.',
            }[draft.order]
          }
        />
        {draft.order === 'randomized' && (
          <TextField
            label="Seed (optional)"
            value={draft.seed}
            onChange={(seed) => set({ seed })}
            error={at('seed')}
            hint="Empty: chosen and recorded at start."
          />
        )}
        <NumberField
          label="Cool-down (s)"
          value={draft.coolDownSec}
          onChange={(coolDownSec) => set({ coolDownSec })}
          error={at('coolDownSec')}
          min={0}
          hint="Pause on the endpoints after each run, so heat and caches settle."
        />
        <NumberField
          label="Run timeout (s)"
          value={draft.runTimeoutSec}
          onChange={(runTimeoutSec) => set({ runTimeoutSec })}
          error={at('runTimeoutSec')}
          min={1}
          hint="A run still going after this is stopped and counted as failed."
        />
        <NumberField
          label="Retries of a failed run"
          value={draft.retries}
          onChange={(retries) => set({ retries })}
          error={at('failure.retries')}
          min={0}
          max={10}
          hint="New attempts after the first; each attempt is recorded."
        />
        <NumberField
          label="Runs at once (max)"
          value={draft.maxParallel}
          onChange={(maxParallel) => set({ maxParallel })}
          error={at('maxParallel')}
          min={1}
          hint="Only runs on independent endpoints go side by side."
        />
        <SelectField
          label="A run holds"
          value={draft.lockScope}
          onChange={(lockScope) => set({ lockScope })}
          error={at('sharing.lockScope')}
          options={[
            { value: 'machine', label: 'the whole machine' },
            { value: 'endpoint', label: 'its endpoints only' },
          ]}
          hint="Machine: a guest's run also holds its host, so neighbours do not disturb it."
        />
      </div>
      <CheckboxField
        label="Skip an endpoint that stops answering"
        checked={draft.skipDeadEndpoint}
        onChange={(skipDeadEndpoint) => set({ skipDeadEndpoint })}
        hint="Its runs fail with the reason and the rest of the campaign goes on."
      />
      <CheckboxField
        label="Let two runs share an endpoint"
        checked={draft.allowSharedEndpoints}
        onChange={(allowSharedEndpoints) => set({ allowSharedEndpoints })}
        hint="Off: concurrent runs on one endpoint would disturb each other's numbers."
      />
    </>
  );
}
