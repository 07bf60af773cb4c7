import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../../main/scenarios/validate.ts';
import {
  benchmarkDraft,
  benchmarkIndex,
  cloneName,
  draftToScenario,
  paperDraft,
  parseList,
  scenarioToDraft,
  withBenchmark,
  type Draft,
} from '../../../../renderer/src/pages/scenarios/draft.ts';
import { benchmarkForms, type BenchmarkFormInfo } from '../../../../main/contract/benchmarks.ts';
import { stepOfIssue } from '../../../../renderer/src/pages/scenarios/steps.ts';
import { ScenarioName } from '../../../../main/contract/scenarios.ts';

const on = (d: Draft, id: string) => benchmarkDraft(d, id)!.enabled;
const named = () => ({ ...paperDraft(), name: 'walters 2008', platforms: ['native', 'lxc'], baseline: 'native' });

describe('scenario wizard draft', () => {
  it('starts from the paper: a valid scenario once named and given platforms', () => {
    const v = validateScenario(draftToScenario(named()));
    expect(v.issues).toEqual([]);
    const s = v.scenario!;
    const io = s.benchmarks.find((b) => b.benchmark === 'iozone')!;
    expect(io.params).toMatchObject({ recordSize: 1024, fileSizes: [1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288] });
    const npb = s.benchmarks.find((b) => b.benchmark === 'npb')!;
    expect(npb.params).toMatchObject({ classes: ['C'], mpiNodes: [1, 4, 16, 64], ranksPerNode: 1 });
  });

  it('passes a non-number through so validation names the item', () => {
    expect(parseList('1, 64  1k;1024')).toEqual([1, 64, '1k', 1024]);
    const d = withBenchmark(named(), 'iozone', { values: { fileSizes: '1024, 3000, x' } });
    const v = validateScenario(draftToScenario(d));
    const paths = v.issues.map((i) => i.path);
    expect(paths).toContain(`benchmarks[${benchmarkIndex(d, 'iozone')}].params.fileSizes[1]`);
    expect(paths).toContain(`benchmarks[${benchmarkIndex(d, 'iozone')}].params.fileSizes[2]`);
    expect(v.issues.map((i) => stepOfIssue(i.path))).toEqual(v.issues.map(() => 'parameters'));
  });

  it('indexes only the enabled benchmarks', () => {
    const d = withBenchmark(named(), 'netperf', { enabled: false });
    expect(benchmarkIndex(d, 'iozone')).toBe(0);
    expect(benchmarkIndex(d, 'npb')).toBe(1);
    expect(benchmarkIndex(d, 'netperf')).toBe(-1);
    expect((draftToScenario(d).benchmarks as unknown[]).length).toBe(2);
  });

  it('reopens a saved scenario as the same scenario', () => {
    let d: Draft = { ...named(), order: 'randomized', seed: '42' };
    d = withBenchmark(d, 'npb', { values: { kernels: ['ep', 'is'], classes: ['S'], variants: ['serial', 'mpi'], mpiNodes: '1, 2', threads: '1' } });
    d = withBenchmark(d, 'netperf', { enabled: false });
    const saved = validateScenario(draftToScenario(d)).scenario!;
    const again = validateScenario(draftToScenario(scenarioToDraft(saved))).scenario!;
    expect(again).toEqual(saved);
    expect(on(scenarioToDraft(saved), 'netperf')).toBe(false);
  });

  it('keeps an entry it has no form for (HPCC from a scenario file) when reopened and saved again', () => {
    const text = { ...draftToScenario(named()), benchmarks: [{ benchmark: 'hpcc', params: { variants: ['mpi'], mpiNodes: [2], problemSize: 400 } }] };
    const saved = validateScenario(text).scenario!;
    const forms = benchmarkForms.filter((f) => f.id !== 'hpcc');
    const draft = scenarioToDraft(saved, forms);
    expect(draft.benchmarks.map((b) => b.enabled)).toEqual([false, false, false]);
    expect(validateScenario(draftToScenario(draft, forms)).scenario).toEqual(saved);
    expect((draftToScenario(withBenchmark(draft, 'npb', { enabled: true }), forms).benchmarks as { benchmark: string }[]).map((b) => b.benchmark)).toEqual([
      'npb',
      'hpcc',
    ]);
  });

  it('keeps a second entry of one benchmark, the label and the parameters its form has no field for', () => {
    const text = {
      ...draftToScenario(named()),
      benchmarks: [
        { benchmark: 'npb', label: 'openmpi', params: { kernels: ['ep'], variants: ['mpi'], mpiNodes: [1, 2], mpi: 'openmpi' } },
        { benchmark: 'npb', label: 'mpich', params: { kernels: ['ep'], variants: ['mpi'], mpiNodes: [1, 2], mpi: 'mpich' } },
      ],
    };
    const saved = validateScenario(text).scenario!;
    const draft = scenarioToDraft(saved);
    expect(benchmarkDraft(draft, 'npb')).toMatchObject({ label: 'openmpi', rest: { mpi: 'openmpi' }, values: { kernels: ['ep'], mpiNodes: '1, 2' } });
    expect(draft.others).toHaveLength(1);
    expect(validateScenario(draftToScenario(draft)).scenario).toEqual(saved);
  });

  it('draws a choice field: left out when unset, written when chosen, read back either way', () => {
    const npb = benchmarkForms.find((f) => f.id === 'npb')!;
    const withMpi: BenchmarkFormInfo = {
      ...npb,
      form: {
        ...npb.form,
        fields: [
          ...npb.form.fields,
          {
            kind: 'choice',
            name: 'mpi',
            label: 'MPI',
            hint: 'which MPI',
            unsetLabel: 'as installed',
            options: [
              { value: 'openmpi', label: 'Open MPI' },
              { value: 'mpich', label: 'MPICH' },
            ],
          },
        ],
      },
    };
    const forms = [withMpi];
    const d = paperDraft(forms);
    expect(benchmarkDraft(d, 'npb')!.values.mpi).toBe('');
    const unset = draftToScenario({ ...d, name: 'x', platforms: ['native'] }, forms);
    expect((unset.benchmarks as { params: object }[])[0]!.params).not.toHaveProperty('mpi');
    const chosen = draftToScenario(withBenchmark({ ...d, name: 'x', platforms: ['native'] }, 'npb', { values: { mpi: 'mpich' } }), forms);
    const saved = validateScenario(chosen).scenario!;
    expect(saved.benchmarks[0]!.params).toMatchObject({ mpi: 'mpich' });
    expect(benchmarkDraft(scenarioToDraft(saved, forms), 'npb')!.values.mpi).toBe('mpich');
  });

  it('writes adaptive repetitions instead of a count, reopens them, and sends their issues to the Execution step', () => {
    const d = { ...named(), repeatMode: 'adaptive' as const, adaptive: { targetPct: 5, min: 3, max: 12, warmup: 2 } };
    const raw = draftToScenario(d);
    expect(raw).not.toHaveProperty('repetitions');
    const saved = validateScenario(raw).scenario!;
    expect(saved.adaptive).toEqual({ targetPct: 5, min: 3, max: 12, warmup: 2, confidence: 0.95 });
    expect(validateScenario(draftToScenario(scenarioToDraft(saved))).scenario).toEqual(saved);
    const bad = validateScenario(draftToScenario({ ...d, order: 'grouped', adaptive: { ...d.adaptive, min: 1 } }));
    expect(bad.issues.map((i) => [i.path, stepOfIssue(i.path)])).toEqual(
      expect.arrayContaining([
        ['order', 'execution'],
        ['adaptive.min', 'execution'],
      ]),
    );
  });

  it('names a clone so that the scenario name rules accept it', () => {
    expect(cloneName('walters 2008', ['walters 2008'])).toBe('walters 2008 copy');
    expect(cloneName('walters 2008 copy', ['walters 2008 copy'])).toBe('walters 2008 copy 2');
    expect(ScenarioName.safeParse(cloneName('a'.repeat(128), [])).success).toBe(true);
  });
});
