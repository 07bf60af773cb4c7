// How a benchmark module describes its wizard form: plain data next to its sweep schema, so the wizard draws any
// module's form without knowing the benchmark. A field's name is the sweep parameter's own name (one vocabulary
// from the wizard field to the point); the core's validation of the scenario stays the judge of every value.

export interface FormOption {
  value: string;
  label: string;
}

interface FieldBase<K extends string> {
  /** The sweep parameter the field edits (`messageSizes`). */
  name: K;
  label: string;
  /** One line: what it is and what the paper used. */
  hint: string;
}

export type FormField<K extends string = string> =
  /** A list of values out of fixed options (a checkbox group). */
  | (FieldBase<K> & { kind: 'multi'; options: readonly FormOption[] })
  /** A list of numbers, typed as "1, 64, 1024". */
  | (FieldBase<K> & { kind: 'numbers' })
  /** One number. */
  | (FieldBase<K> & { kind: 'number'; min?: number })
  /** On or off (one checkbox). */
  | (FieldBase<K> & { kind: 'flag' })
  /** One of the options; with `unsetLabel` it may also be left out of the scenario (the module's default applies). */
  | (FieldBase<K> & { kind: 'choice'; options: readonly FormOption[]; unsetLabel?: string });

export type FormFieldKind = FormField['kind'];

export interface BenchmarkForm<S> {
  /** The benchmark step's checkbox: what it measures and which figure it feeds. */
  pick: string;
  /** The parameter step's heading. */
  legend: string;
  /** Ticked in a new scenario. */
  onByDefault: boolean;
  /** The sweep a new scenario starts from (the paper's values where the paper ran the benchmark). */
  initial: S;
  /** In display order. Parameters without a field keep the value a scenario gives them (or their default). */
  fields: readonly FormField<keyof S & string>[];
}
