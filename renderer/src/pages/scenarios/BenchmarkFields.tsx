// One benchmark's parameters drawn from its module's form (main/benchmarks/form.ts): any module, no per-benchmark code.
import type { BenchmarkFormInfo, FormField } from '../../../../main/contract/benchmarks.ts';
import { CheckboxField, CheckboxGroup, NumberField, SelectField, TextField } from '../../components/Field.tsx';
import type { FieldValue } from './draft.ts';

/** Single-line fields sit three to a row; lists of options and switches take their own line. */
const inRow = (f: FormField) => f.kind === 'numbers' || f.kind === 'number' || f.kind === 'choice';

export function BenchmarkFields({
  info,
  values,
  onChange,
  errorAt,
}: {
  info: BenchmarkFormInfo;
  values: Readonly<Record<string, FieldValue>>;
  onChange(name: string, v: FieldValue): void;
  errorAt(name: string): string | undefined;
}) {
  const groups: FormField[][] = [];
  for (const f of info.form.fields) {
    const last = groups[groups.length - 1];
    if (last && inRow(f) && inRow(last[0]!)) last.push(f);
    else groups.push([f]);
  }
  const one = (f: FormField) => <Control key={f.name} field={f} value={values[f.name]} onChange={(v) => onChange(f.name, v)} error={errorAt(f.name)} />;
  return (
    <fieldset>
      <legend>{info.form.legend}</legend>
      {groups.map((g) =>
        inRow(g[0]!) ? (
          <div key={g[0]!.name} className="grid-3">
            {g.map(one)}
          </div>
        ) : (
          one(g[0]!)
        ),
      )}
    </fieldset>
  );
}

function Control({ field, value, onChange, error }: { field: FormField; value: FieldValue | undefined; onChange(v: FieldValue): void; error?: string }) {
  const common = { label: field.label, hint: field.hint, error };
  switch (field.kind) {
    case 'multi':
      return (
        <CheckboxGroup
          legend={field.label}
          hint={field.hint}
          error={error}
          options={field.options}
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
        />
      );
    case 'numbers':
      return <TextField {...common} value={typeof value === 'string' ? value : ''} onChange={onChange} />;
    case 'number':
      return <NumberField {...common} value={typeof value === 'number' ? value : ''} onChange={onChange} min={field.min} />;
    case 'flag':
      return <CheckboxField label={field.label} hint={field.hint} checked={value === true} onChange={onChange} />;
    case 'choice': {
      const options = [...(field.unsetLabel !== undefined ? [{ value: '', label: field.unsetLabel }] : []), ...field.options];
      return <SelectField {...common} value={typeof value === 'string' ? value : ''} options={options} onChange={onChange} />;
    }
  }
}
