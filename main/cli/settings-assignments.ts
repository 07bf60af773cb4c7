// `--set key=value` for a provider's settings: each value typed by the field it names (a number, a boolean, a comma
// list, JSON for a structure), so the provider's own schema then judges the whole object and names what is wrong.
import { parseListText, type FieldSpec } from '../contract/settings-fields.ts';

type Obj = Record<string, unknown>;
type Token = string | number;

/** "mounts[0].source" -> ['mounts', 0, 'source']; undefined when the key is not such a path. */
export function keyPath(key: string): Token[] | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(key)) return undefined;
  return [...key.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)].map((m) => (m[1] !== undefined ? m[1] : Number(m[2])));
}

/** The field a path names, looking through objects, rows of arrays and every branch of a choice. */
function fieldAt(fields: readonly FieldSpec[], path: readonly Token[]): FieldSpec | undefined {
  const [head, ...rest] = path;
  const f = fields.find((x) => x.key === head);
  if (!f || rest.length === 0) return f;
  if (f.kind === 'object') return fieldAt(f.fields, rest);
  if (f.kind === 'rows' && typeof rest[0] === 'number') return rest.length === 1 ? f : fieldAt(f.fields, rest.slice(1));
  if (f.kind === 'choice') {
    if (rest.length === 1 && rest[0] === f.discriminator) return { key: f.discriminator, title: f.discriminator, required: true, kind: 'text' };
    for (const b of f.branches) {
      const hit = fieldAt(b.fields, rest);
      if (hit) return hit;
    }
  }
  return undefined;
}

const json = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** A value as the field takes it; anything that does not fit stays text so the schema's message names it. */
export function typedValue(field: FieldSpec | undefined, text: string): unknown {
  switch (field?.kind) {
    case 'text':
    case 'enum':
      return text;
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
    case 'boolean':
      return /^(true|yes|on|1)$/i.test(text) ? true : /^(false|no|off|0)$/i.test(text) ? false : text;
    case 'list':
      return text.trim().startsWith('[') ? json(text) : parseListText(text, field.item);
    case undefined:
      return text;
    default:
      return json(text);
  }
}

function setAt(target: Obj, path: readonly Token[], value: unknown): void {
  let at: Obj | unknown[] = target;
  path.forEach((k, i) => {
    const last = i === path.length - 1;
    const container = at as Record<string | number, unknown>;
    if (last) {
      container[k] = value;
      return;
    }
    const next = container[k];
    if (typeof next !== 'object' || next === null) container[k] = typeof path[i + 1] === 'number' ? [] : {};
    at = container[k] as Obj;
  });
}

/** Settings from `key=value` assignments over `base` (a settings file), or the first assignment that is not one. */
export function applyAssignments(fields: readonly FieldSpec[], assignments: readonly string[], base: Obj = {}): { settings: Obj } | { error: string } {
  const settings = structuredClone(base);
  for (const a of assignments) {
    const eq = a.indexOf('=');
    const path = eq > 0 ? keyPath(a.slice(0, eq)) : undefined;
    if (!path) return { error: `--set ${a}: expected KEY=VALUE (KEY like image, network.mode or mounts[0].source)` };
    setAt(settings, path, typedValue(fieldAt(fields, path), a.slice(eq + 1)));
  }
  return { settings };
}
