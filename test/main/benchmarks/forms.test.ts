import { describe, expect, it } from 'vitest';
import { allModules } from '../../../main/benchmarks/registry.ts';
import type { AnyBenchmarkModule } from '../../../main/benchmarks/module.ts';

// Every module's wizard form says only what its sweep schema accepts: field names are sweep parameters, the initial
// sweep is valid, and every option of a field is a value that parameter takes.
const withForm = allModules().filter((m): m is AnyBenchmarkModule & { form: NonNullable<AnyBenchmarkModule['form']> } => m.form !== undefined);

describe('benchmark forms', () => {
  it('netperf, IOzone and NPB have one (the wizard draws them)', () => {
    expect(withForm.map((m) => m.id)).toEqual(expect.arrayContaining(['netperf', 'iozone', 'npb']));
  });

  for (const m of withForm) {
    describe(m.id, () => {
      const entry = (params: Record<string, unknown>) => m.sweep.safeParse({ benchmark: m.id, params });

      it('starts from a valid sweep', () => {
        const r = entry(m.form.initial);
        expect(r.error?.issues ?? []).toEqual([]);
      });

      it('names each field after a sweep parameter, once', () => {
        const names = m.form.fields.map((f) => f.name);
        expect(new Set(names).size).toBe(names.length);
        const keys = Object.keys(m.form.initial as object);
        for (const n of names) expect(keys, `${m.id}.${n} is not in the initial sweep`).toContain(n);
        // A misspelt name would be refused by the strict sweep schema.
        for (const n of names) expect(entry({ ...m.form.initial, [n]: (m.form.initial as Record<string, unknown>)[n] }).success).toBe(true);
      });

      it('offers only values its parameter accepts', () => {
        for (const f of m.form.fields) {
          if (f.kind !== 'multi' && f.kind !== 'choice') continue;
          for (const o of f.options) {
            const r = entry({ ...m.form.initial, [f.name]: f.kind === 'multi' ? [o.value] : o.value });
            expect(r.error?.issues.filter((i) => i.path.includes(f.name)) ?? [], `${m.id}.${f.name} = ${o.value}`).toEqual([]);
          }
        }
      });
    });
  }
});
