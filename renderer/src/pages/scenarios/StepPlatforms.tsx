// Step 1: the scenario's name, the platforms to compare and the baseline they are shown relative to.
import { useState } from 'react';
import type { HostRecord } from '../../../../main/contract/hosts.ts';
import type { PlatformInfo } from '../../../../main/contract/scenarios.ts';
import type { FieldIssue } from '../../components/errors.ts';
import { CheckboxGroup, Field, SelectField, TextField } from '../../components/Field.tsx';
import { issueAt } from '../../components/issues.ts';
import type { Draft } from './draft.ts';
import { PlatformDefineForm } from './PlatformDefineForm.tsx';

export function StepPlatforms({
  draft,
  set,
  issues,
  platforms,
  hosts,
}: {
  draft: Draft;
  set(p: Partial<Draft>): void;
  issues: readonly FieldIssue[];
  platforms: readonly PlatformInfo[];
  hosts: readonly HostRecord[];
}) {
  const [defining, setDefining] = useState(false);
  const at = (p: string) => issueAt(issues, p);
  const chosen = draft.platforms;
  return (
    <>
      <div className="grid-2">
        <TextField
          label="Scenario name"
          value={draft.name}
          onChange={(name) => set({ name })}
          error={at('name')}
          placeholder="native vs container"
          hint="Saving a changed scenario under the same name makes a new version."
        />
        <Field label="Description (optional)" error={at('description')}>
          {(p) => <textarea {...p} rows={2} value={draft.description} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
      </div>
      <CheckboxGroup
        legend="Platforms to compare"
        value={chosen}
        error={at('platforms')}
        onChange={(platforms) =>
          set({
            platforms,
            baseline: platforms.includes(draft.baseline)
              ? draft.baseline
              : (platforms.find((n) => platforms.length && n === 'native') ?? platforms[0] ?? draft.baseline),
          })
        }
        options={platforms.map((p) => ({
          value: p.name,
          label: `${p.name} — ${p.technology}, ${p.product}${p.version ? ` ${p.version}` : ''}, ${p.endpoints.length} endpoint(s)`,
        }))}
        hint={
          platforms.length === 0
            ? 'No platform defined yet: define one below (a native one for the baseline, then one per virtualization).'
            : 'Each platform is a set of endpoints of one technology.'
        }
      />
      <SelectField
        label="Baseline"
        value={draft.baseline}
        onChange={(baseline) => set({ baseline })}
        error={at('baseline')}
        options={(chosen.length ? chosen : [draft.baseline]).map((n) => ({ value: n, label: n }))}
        hint="Every other platform is shown relative to it (the paper: native)."
      />
      {defining ? (
        <PlatformDefineForm
          hosts={hosts}
          onCancel={() => setDefining(false)}
          onDefined={(name) => {
            setDefining(false);
            set({ platforms: [...chosen, name], ...(chosen.length === 0 ? { baseline: name } : {}) });
          }}
        />
      ) : (
        <button type="button" onClick={() => setDefining(true)}>
          Define a platform…
        </button>
      )}
    </>
  );
}
