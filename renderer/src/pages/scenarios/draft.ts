// The scenario wizard's form state and its conversion to and from a scenario (main/contract/scenarios.ts).
// List fields are text ("1, 64, 1024") so the user can type freely; anything that is not a number is passed
// on as written, so the core's validation names the exact item (`messageSizes[2]`).
import type { RunOrder, Scenario, ScenarioInput } from '../../../../main/contract/scenarios.ts';

export type NetperfTest = 'TCP_RR' | 'TCP_STREAM';
export type IozoneTest = 'write' | 'read' | 'random';
export type NpbVariant = 'serial' | 'openmp' | 'mpi';
export const NPB_KERNELS = ['bt', 'cg', 'ep', 'ft', 'is', 'lu', 'mg', 'sp'] as const;
export const NPB_CLASSES = ['S', 'W', 'A', 'B', 'C', 'D', 'E'] as const;

export interface Draft {
  name: string;
  description: string;
  platforms: string[];
  baseline: string;
  netperf: { enabled: boolean; tests: NetperfTest[]; messageSizes: string; streamSizes: string; durationSec: number | '' };
  iozone: { enabled: boolean; fileSizes: string; recordSize: number | ''; tests: IozoneTest[]; oDirect: boolean; flush: boolean };
  npb: { enabled: boolean; kernels: string[]; classes: string[]; variants: NpbVariant[]; threads: string; mpiNodes: string; ranksPerNode: number | '' };
  /** Entries of benchmarks the wizard has no form for (e.g. HPCC from a scenario file): kept as they are and written
   * back after the wizard's own, so reopening or cloning a scenario never drops them. */
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

const pow2 = (from: number, to: number) => { const out: number[] = []; for (let v = from; v <= to; v *= 2) out.push(v); return out; };

/** The parameters of Walters et al. 2008, which the wizard starts from. */
export function paperDraft(): Draft {
  return {
    name: '',
    description: '',
    platforms: [],
    baseline: 'native',
    netperf: { enabled: true, tests: ['TCP_RR', 'TCP_STREAM'], messageSizes: pow2(1, 16384).join(', '), streamSizes: '', durationSec: 10 },
    iozone: { enabled: true, fileSizes: pow2(1024, 524288).join(', '), recordSize: 1024, tests: ['write', 'read'], oDirect: false, flush: true },
    npb: { enabled: true, kernels: [...NPB_KERNELS], classes: ['C'], variants: ['serial', 'openmp', 'mpi'], threads: '2', mpiNodes: '1, 4, 16, 64', ranksPerNode: 1 },
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
  return text.split(/[\s,;]+/).filter((t) => t !== '').map((t) => (/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t));
}

const num = (v: number | ''): number | string => (v === '' ? '' : v);

export type BenchmarkKind = 'netperf' | 'iozone' | 'npb';

/** Index of a benchmark in the scenario's `benchmarks` list (only enabled ones are written), or -1. */
export function benchmarkIndex(d: Draft, kind: BenchmarkKind): number {
  return (['netperf', 'iozone', 'npb'] as const).filter((k) => d[k].enabled).indexOf(kind as never);
}

/** The scenario the draft describes, unvalidated: the core's scenarios.validate checks it. */
export function draftToScenario(d: Draft): Record<string, unknown> {
  const benchmarks: Record<string, unknown>[] = [];
  if (d.netperf.enabled) {
    benchmarks.push({ benchmark: 'netperf', params: {
      tests: d.netperf.tests, messageSizes: parseList(d.netperf.messageSizes), streamSizes: parseList(d.netperf.streamSizes), durationSec: num(d.netperf.durationSec),
    } });
  }
  if (d.iozone.enabled) {
    benchmarks.push({ benchmark: 'iozone', params: {
      fileSizes: parseList(d.iozone.fileSizes), recordSize: num(d.iozone.recordSize), tests: d.iozone.tests, oDirect: d.iozone.oDirect, flush: d.iozone.flush,
    } });
  }
  if (d.npb.enabled) {
    benchmarks.push({ benchmark: 'npb', params: {
      kernels: d.npb.kernels, classes: d.npb.classes, variants: d.npb.variants, threads: parseList(d.npb.threads), mpiNodes: parseList(d.npb.mpiNodes), ranksPerNode: num(d.npb.ranksPerNode),
    } });
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
export function scenarioToDraft(s: Scenario | ScenarioInput): Draft {
  const d = paperDraft();
  const base: Draft = {
    ...d,
    name: s.name,
    description: s.description ?? '',
    platforms: [...s.platforms],
    baseline: s.baseline ?? 'native',
    repetitions: s.repetitions ?? d.repetitions,
    repeatMode: s.adaptive ? 'adaptive' : 'fixed',
    adaptive: s.adaptive ? { targetPct: s.adaptive.targetPct, min: s.adaptive.min ?? d.adaptive.min, max: s.adaptive.max ?? d.adaptive.max, warmup: s.adaptive.warmup ?? d.adaptive.warmup } : d.adaptive,
    order: s.order ?? d.order,
    seed: s.seed !== undefined ? String(s.seed) : '',
    coolDownSec: s.coolDownSec ?? d.coolDownSec,
    runTimeoutSec: s.runTimeoutSec ?? d.runTimeoutSec,
    retries: s.failure?.retries ?? d.retries,
    skipDeadEndpoint: s.failure?.skipDeadEndpoint ?? d.skipDeadEndpoint,
    maxParallel: s.maxParallel ?? d.maxParallel,
    allowSharedEndpoints: s.sharing?.allowSharedEndpoints ?? d.allowSharedEndpoints,
    lockScope: s.sharing?.lockScope ?? d.lockScope,
    netperf: { ...d.netperf, enabled: false },
    iozone: { ...d.iozone, enabled: false },
    npb: { ...d.npb, enabled: false },
  };
  for (const b of s.benchmarks) {
    if (b.benchmark === 'netperf') {
      const p = b.params ?? {};
      base.netperf = { enabled: true, tests: [...(p.tests ?? d.netperf.tests)], messageSizes: p.messageSizes ? p.messageSizes.join(', ') : d.netperf.messageSizes,
        streamSizes: (p.streamSizes ?? []).join(', '), durationSec: p.durationSec ?? d.netperf.durationSec };
    } else if (b.benchmark === 'iozone') {
      const p = b.params ?? {};
      base.iozone = { enabled: true, fileSizes: p.fileSizes ? p.fileSizes.join(', ') : d.iozone.fileSizes, recordSize: p.recordSize ?? d.iozone.recordSize,
        tests: [...(p.tests ?? d.iozone.tests)], oDirect: p.oDirect ?? d.iozone.oDirect, flush: p.flush ?? d.iozone.flush };
    } else if (b.benchmark === 'npb') {
      const p = b.params;
      base.npb = { enabled: true, kernels: (p.kernels as string[]).map((k) => String(k).toLowerCase()), classes: ((p.classes ?? d.npb.classes) as string[]).map((c) => String(c).toUpperCase()),
        variants: [...(p.variants ?? d.npb.variants)], threads: (p.threads ?? [1, 2]).join(', '), mpiNodes: (p.mpiNodes ?? [1, 2, 4]).join(', '), ranksPerNode: p.ranksPerNode ?? 1 };
    } else {
      base.others = [...base.others, b as Scenario['benchmarks'][number]];
    }
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
