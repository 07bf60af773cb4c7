// The scenario wizard's form state and its conversion to and from a scenario (main/contract/scenarios.ts).
// Each benchmark's fields come from its module's form (main/contract/benchmarks.ts), named as its sweep names them.
// List fields are text ("1, 64, 1024") so the user can type freely; anything that is not a number is passed
// on as written, so the core's validation names the exact item (`messageSizes[2]`).
import { benchmarkForms, type BenchmarkFormInfo, type FormField } from '../../../../main/contract/benchmarks.ts';
import type { RunOrder, Scenario, ScenarioInput } from '../../../../main/contract/scenarios.ts';

/** A field's value in the form: multi string[], numbers text, number a number or '', flag a boolean, choice '' (left out) or an option. */
export type FieldValue = string | number | boolean | string[];

/** One benchmark's part of the draft: its form's values, and the parameters its form has no field for (kept as given). */
export interface BenchmarkDraft {
  id: string;
  enabled: boolean;
  label?: string;
  values: Record<string, FieldValue>;
  rest: Record<string, unknown>;
}

export interface Draft {
  name: string;
  description: string;
  platforms: string[];
  baseline: string;
  /** One per module with a form, in registry order. */
  benchmarks: BenchmarkDraft[];
  /** Entries the wizard has no form for (a module without one, or a second entry of a benchmark from a scenario file):
   * kept as they are and written back after the wizard's own, so reopening or cloning a scenario never drops them. */
  others: Scenario['benchmarks'];
  repetitions: number | '';
  /** fixed: `repetitions` runs of every point; adaptive: until the ratio's interval is within the target. */
  repeatMode: 'fixed' | 'adaptive';
  adaptive: { targetPct: number | ''; min: number | ''; max: number | ''; warmup: number | '' };
  order: RunOrder;
  seed: string;
  coolDownSec: number | '';
  runTimeoutSec: number | '';
  retries: number | '';
  skipDeadEndpoint: boolean;
  maxParallel: number | '';
  allowSharedEndpoints: boolean;
  lockScope: 'endpoint' | 'machine';
}

/** The parameters of Walters et al. 2008 (each module's form's initial sweep), which the wizard starts from. */
export function paperDraft(forms: readonly BenchmarkFormInfo[] = benchmarkForms): Draft {
  return {
    name: '',
    description: '',
    platforms: [],
    baseline: 'native',
    benchmarks: forms.map((f) => ({ id: f.id, enabled: f.form.onByDefault, ...split(f, f.form.initial) })),
    others: [],
    repetitions: 3,
    repeatMode: 'fixed',
    adaptive: { targetPct: 5, min: 3, max: 20, warmup: 1 },
    order: 'interleaved',
    seed: '',
    coolDownSec: 0,
    runTimeoutSec: 3600,
    retries: 1,
    skipDeadEndpoint: true,
    maxParallel: 4,
    allowSharedEndpoints: false,
    lockScope: 'machine',
  };
}

/** "1, 64 1024" -> [1, 64, 1024]; an item that is not a number stays text so validation can point at it. */
export function parseList(text: string): (number | string)[] {
  return text
    .split(/[\s,;]+/)
    .filter((t) => t !== '')
    .map((t) => (/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t));
}

const num = (v: number | ''): number | string => (v === '' ? '' : v);

/** A sweep's params as the form's values and the rest (parameters without a field); absent ones start from the form's initial. */
function split(f: BenchmarkFormInfo, params: Record<string, unknown>): Pick<BenchmarkDraft, 'values' | 'rest'> {
  const values: Record<string, FieldValue> = {};
  const rest: Record<string, unknown> = { ...params };
  for (const field of f.form.fields) {
    delete rest[field.name];
    values[field.name] = toValue(field, field.name in params ? params[field.name] : f.form.initial[field.name]);
  }
  return { values, rest };
}

function toValue(field: FormField, v: unknown): FieldValue {
  switch (field.kind) {
    case 'multi':
      return Array.isArray(v) ? v.map(String) : [];
    case 'numbers':
      return Array.isArray(v) ? v.join(', ') : v === undefined ? '' : String(v);
    case 'number':
      return typeof v === 'number' ? v : '';
    case 'flag':
      return v === true;
    case 'choice':
      return v === undefined ? '' : String(v);
  }
}

/** A field's value as the scenario says it; undefined leaves the parameter out. */
function toParam(field: FormField, v: FieldValue | undefined): unknown {
  switch (field.kind) {
    case 'multi':
      return Array.isArray(v) ? v : [];
    case 'numbers':
      return parseList(typeof v === 'string' ? v : '');
    case 'number':
      return typeof v === 'number' ? v : num('');
    case 'flag':
      return v === true;
    case 'choice':
      return v === '' || v === undefined ? undefined : v;
  }
}

/** Index of a benchmark in the scenario's `benchmarks` list (only enabled ones are written), or -1. */
export function benchmarkIndex(d: Draft, id: string): number {
  return d.benchmarks.filter((b) => b.enabled).findIndex((b) => b.id === id);
}

/** The draft of one benchmark (by its module id). */
export function benchmarkDraft(d: Draft, id: string): BenchmarkDraft | undefined {
  return d.benchmarks.find((b) => b.id === id);
}

/** The draft with one benchmark changed. */
export function withBenchmark(d: Draft, id: string, change: { enabled?: boolean; values?: Record<string, FieldValue> }): Draft {
  return {
    ...d,
    benchmarks: d.benchmarks.map((b) =>
      b.id !== id ? b : { ...b, ...(change.enabled !== undefined ? { enabled: change.enabled } : {}), values: { ...b.values, ...change.values } },
    ),
  };
}

/** The scenario the draft describes, unvalidated: the core's scenarios.validate checks it. */
export function draftToScenario(d: Draft, forms: readonly BenchmarkFormInfo[] = benchmarkForms): Record<string, unknown> {
  const benchmarks: Record<string, unknown>[] = [];
  for (const b of d.benchmarks) {
    const f = forms.find((x) => x.id === b.id);
    if (!b.enabled || !f) continue;
    const params: Record<string, unknown> = { ...b.rest };
    for (const field of f.form.fields) {
      const v = toParam(field, b.values[field.name]);
      if (v !== undefined) params[field.name] = v;
    }
    benchmarks.push({ benchmark: b.id, ...(b.label !== undefined ? { label: b.label } : {}), params });
  }
  benchmarks.push(...d.others);
  const seed = d.seed.trim();
  return {
    name: d.name.trim(),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    platforms: d.platforms,
    baseline: d.baseline,
    benchmarks,
    ...(d.repeatMode === 'adaptive'
      ? { adaptive: { targetPct: num(d.adaptive.targetPct), min: num(d.adaptive.min), max: num(d.adaptive.max), warmup: num(d.adaptive.warmup) } }
      : { repetitions: num(d.repetitions) }),
    order: d.order,
    ...(seed !== '' ? { seed: /^\d+$/.test(seed) ? Number(seed) : seed } : {}),
    coolDownSec: num(d.coolDownSec),
    runTimeoutSec: num(d.runTimeoutSec),
    failure: { retries: num(d.retries), skipDeadEndpoint: d.skipDeadEndpoint },
    sharing: { allowSharedEndpoints: d.allowSharedEndpoints, lockScope: d.lockScope },
    maxParallel: num(d.maxParallel),
  };
}

/** A saved scenario back into the form (reopen, clone). Benchmarks it does not hold are switched off. */
export function scenarioToDraft(s: Scenario | ScenarioInput, forms: readonly BenchmarkFormInfo[] = benchmarkForms): Draft {
  const d = paperDraft(forms);
  const base: Draft = {
    ...d,
    name: s.name,
    description: s.description ?? '',
    platforms: [...s.platforms],
    baseline: s.baseline ?? 'native',
    repetitions: s.repetitions ?? d.repetitions,
    repeatMode: s.adaptive ? 'adaptive' : 'fixed',
    adaptive: s.adaptive
      ? {
          targetPct: s.adaptive.targetPct,
          min: s.adaptive.min ?? d.adaptive.min,
          max: s.adaptive.max ?? d.adaptive.max,
          warmup: s.adaptive.warmup ?? d.adaptive.warmup,
        }
      : d.adaptive,
    order: s.order ?? d.order,
    seed: s.seed !== undefined ? String(s.seed) : '',
    coolDownSec: s.coolDownSec ?? d.coolDownSec,
    runTimeoutSec: s.runTimeoutSec ?? d.runTimeoutSec,
    retries: s.failure?.retries ?? d.retries,
    skipDeadEndpoint: s.failure?.skipDeadEndpoint ?? d.skipDeadEndpoint,
    maxParallel: s.maxParallel ?? d.maxParallel,
    allowSharedEndpoints: s.sharing?.allowSharedEndpoints ?? d.allowSharedEndpoints,
    lockScope: s.sharing?.lockScope ?? d.lockScope,
    benchmarks: d.benchmarks.map((b) => ({ ...b, enabled: false })),
  };
  for (const entry of s.benchmarks) {
    const f = forms.find((x) => x.id === entry.benchmark);
    const at = base.benchmarks.findIndex((b) => b.id === entry.benchmark && !b.enabled);
    if (!f || at < 0) {
      base.others = [...base.others, entry as Scenario['benchmarks'][number]];
      continue;
    }
    const label = (entry as { label?: string }).label;
    base.benchmarks[at] = { id: f.id, enabled: true, ...(label !== undefined ? { label } : {}), ...split(f, (entry.params ?? {}) as Record<string, unknown>) };
  }
  return base;
}

/** A free name for a copy: "x copy", "x copy 2", ... (scenario names allow no brackets). */
export function cloneName(name: string, taken: readonly string[]): string {
  const stem = name.replace(/ copy(?: \d+)?$/, '').slice(0, 118);
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? `${stem} copy` : `${stem} copy ${i}`;
    if (!taken.includes(candidate)) return candidate;
  }
}
