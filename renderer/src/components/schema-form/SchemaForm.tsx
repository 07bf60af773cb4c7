// A form drawn from field specs (field-specs.ts): one control per field, its hint from the schema's description or
// default, and the schema's own message next to it. Empty optional fields are left out so the schema's default applies.
import { useEffect, useState } from 'react';
import type { FieldIssue } from '../errors.ts';
import { CheckboxField, Field, NumberField, SelectField, TextField } from '../Field.tsx';
import { issueAt } from '../issues.ts';
import { parseListText, type FieldSpec } from '../../../../main/contract/settings-fields.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value with `key` set, or removed when `v` is undefined. */
function withKey(o: Obj, key: string, v: unknown): Obj {
  const next = { ...o };
  if (v === undefined) delete next[key];
  else next[key] = v;
  return next;
}

const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function hintOf(f: FieldSpec) {
  const def =
    f.default !== undefined && f.kind !== 'boolean' && f.kind !== 'choice' && !(Array.isArray(f.default) && f.default.length === 0)
      ? `Default: ${Array.isArray(f.default) ? f.default.map(shown).join(', ') : shown(f.default)}.`
      : '';
  const text = [f.description, def, f.required ? '' : f.kind === 'text' || f.kind === 'number' ? (def ? '' : 'Optional.') : ''].filter(Boolean).join(' ');
  return text || undefined;
}

export function SchemaForm({
  fields,
  value,
  onChange,
  issues,
  path,
}: {
  fields: readonly FieldSpec[];
  value: Obj;
  onChange(next: Obj, changedPath: string): void;
  issues: readonly FieldIssue[];
  path: string;
}) {
  return (
    <div className="grid-3 schema-form">
      {fields.map((f) => (
        <SchemaField
          key={f.key}
          field={f}
          value={value[f.key]}
          issues={issues}
          path={`${path}.${f.key}`}
          onChange={(v, changed) => onChange(withKey(value, f.key, v), changed)}
        />
      ))}
    </div>
  );
}

function SchemaField({
  field: f,
  value,
  onChange,
  issues,
  path,
}: {
  field: FieldSpec;
  value: unknown;
  onChange(v: unknown, changedPath: string): void;
  issues: readonly FieldIssue[];
  path: string;
}) {
  const error = issueAt(issues, path);
  const set = (v: unknown) => onChange(v, path);
  switch (f.kind) {
    case 'text':
      return (
        <TextField
          label={f.title}
          value={typeof value === 'string' ? value : ''}
          onChange={(t) => set(t === '' ? undefined : t)}
          error={error}
          hint={hintOf(f)}
          placeholder={typeof f.default === 'string' ? f.default : undefined}
        />
      );
    case 'number':
      return (
        <NumberField
          label={f.title}
          value={typeof value === 'number' ? value : ''}
          onChange={(n) => set(n === '' ? undefined : n)}
          error={error}
          hint={hintOf(f)}
          min={f.min}
          max={f.max}
          step={f.integer ? 1 : 'any'}
        />
      );
    case 'boolean':
      return (
        <div>
          <CheckboxField label={f.title} checked={typeof value === 'boolean' ? value : f.default === true} onChange={set} hint={f.description} />
          {error && (
            <div className="field-error" role="alert">
              {error}
            </div>
          )}
        </div>
      );
    case 'enum': {
      const current = typeof value === 'string' ? value : typeof f.default === 'string' ? f.default : '';
      const options = [
        ...(current === '' ? [{ value: '', label: f.required ? 'choose…' : '(not set)' }] : []),
        ...f.options.map((o) => ({ value: o, label: o })),
      ];
      return (
        <SelectField label={f.title} value={current} onChange={(v) => set(v === '' ? undefined : v)} options={options} error={error} hint={f.description} />
      );
    }
    case 'list':
      return <ListField field={f} value={value} set={set} error={error} />;
    case 'choice': {
      const obj = isObj(value) ? value : isObj(f.default) ? f.default : {};
      const current = typeof obj[f.discriminator] === 'string' ? (obj[f.discriminator] as string) : '';
      const branch = f.branches.find((b) => b.value === current);
      return (
        <fieldset className="field schema-group">
          <legend>{f.title}</legend>
          {f.description && <div className="field-hint">{f.description}</div>}
          <SelectField
            label={`${f.title}: ${f.discriminator}`}
            value={current}
            onChange={(v) => set(v === '' ? undefined : { [f.discriminator]: v })}
            error={issueAt(issues, `${path}.${f.discriminator}`)}
            options={[...(current === '' ? [{ value: '', label: 'choose…' }] : []), ...f.branches.map((b) => ({ value: b.value, label: b.value }))]}
          />
          {branch && branch.fields.length > 0 && (
            <SchemaForm fields={branch.fields} value={obj} path={path} issues={issues} onChange={(next, changed) => onChange(next, changed)} />
          )}
          {error && !branch && (
            <div className="field-error" role="alert">
              {error}
            </div>
          )}
        </fieldset>
      );
    }
    case 'object':
      return (
        <fieldset className="field schema-group">
          <legend>{f.title}</legend>
          {f.description && <div className="field-hint">{f.description}</div>}
          <SchemaForm fields={f.fields} value={isObj(value) ? value : {}} path={path} issues={issues} onChange={(next, changed) => onChange(next, changed)} />
        </fieldset>
      );
    case 'rows':
      return <RowsField field={f} value={value} onChange={onChange} issues={issues} path={path} />;
    case 'json':
      return <JsonField field={f} value={value} set={set} error={error} />;
  }
}

/** A list of scalars typed as "a, b, c"; the text is kept as typed while it parses to the same list. */
function ListField({ field: f, value, set, error }: { field: FieldSpec & { kind: 'list' }; value: unknown; set(v: unknown): void; error?: string }) {
  const fromValue = Array.isArray(value) ? value.map(String).join(', ') : '';
  const [text, setText] = useState(fromValue);
  useEffect(() => {
    if (JSON.stringify(parseListText(text, f.item)) !== JSON.stringify(Array.isArray(value) ? value : [])) setText(fromValue);
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <TextField
      label={f.title}
      value={text}
      error={error}
      hint={[hintOf(f), 'Several: separate with commas.'].filter(Boolean).join(' ')}
      onChange={(t) => {
        setText(t);
        set(t.trim() === '' ? undefined : parseListText(t, f.item));
      }}
    />
  );
}

/** An array of objects (mounts): one row of fields each, added and removed by buttons. */
function RowsField({
  field: f,
  value,
  onChange,
  issues,
  path,
}: {
  field: FieldSpec & { kind: 'rows' };
  value: unknown;
  onChange(v: unknown, changedPath: string): void;
  issues: readonly FieldIssue[];
  path: string;
}) {
  const rows = Array.isArray(value) ? (value as Obj[]) : [];
  const setRows = (next: Obj[], changed: string) => onChange(next.length ? next : undefined, changed);
  const own = issues.filter((i) => i.path === path);
  // One row is one of them: "Mount 1", "Remove mount 1", "Add mount" (not "Remove mounts 1").
  const one = f.title.replace(/s$/, '');
  return (
    <fieldset className="field schema-group schema-rows">
      <legend>{f.title}</legend>
      {f.description && <div className="field-hint">{f.description}</div>}
      {rows.map((row, i) => (
        <div key={i} className="schema-row" role="group" aria-label={`${one} ${i + 1}`}>
          <SchemaForm
            fields={f.fields}
            value={isObj(row) ? row : {}}
            path={`${path}[${i}]`}
            issues={issues}
            onChange={(next, changed) =>
              setRows(
                rows.map((r, j) => (j === i ? next : r)),
                changed,
              )
            }
          />
          <button
            type="button"
            onClick={() =>
              setRows(
                rows.filter((_, j) => j !== i),
                path,
              )
            }
          >
            Remove {one.toLowerCase()} {i + 1}
          </button>
        </div>
      ))}
      <button type="button" onClick={() => setRows([...rows, {}], `${path}[${rows.length}]`)}>
        Add {one.toLowerCase()}
      </button>
      {own.map((i) => (
        <div key={i.message} className="field-error" role="alert">
          {i.message}
        </div>
      ))}
    </fieldset>
  );
}

/** Anything the form has no control for, as JSON text; text that is not JSON yet is passed on as a string. */
function JsonField({ field: f, value, set, error }: { field: FieldSpec; value: unknown; set(v: unknown): void; error?: string }) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value));
  return (
    <Field label={`${f.title} (JSON)`} error={error} hint={hintOf(f)}>
      {(p) => (
        <input
          {...p}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value.trim() === '') {
              set(undefined);
              return;
            }
            try {
              set(JSON.parse(e.target.value));
            } catch {
              set(e.target.value);
            }
          }}
        />
      )}
    </Field>
  );
}
