// Plans: the explicit run list in each order, reproducible with a seed, and estimated durations.
import { describe, expect, it } from 'vitest';
import { Scenario, type PlatformInfo } from '../../../main/contract/scenarios.ts';
import { buildPlan } from '../../../main/scenarios/plan.ts';

const platforms: PlatformInfo[] = [
  { name: 'native', technology: 'native', product: 'bare metal', version: null, isBaseline: true, endpoints: ['h1', 'h2', 'h3', 'h4'] },
  { name: 'container', technology: 'os-level', product: 'namespaces', version: null, isBaseline: false, endpoints: ['g1', 'g2', 'g3', 'g4'] },
];
const machineOf = (h: string) => h.replace('g', 'h');

const scenario = (extra: Record<string, unknown> = {}) =>
  Scenario.parse({
    name: 'paper',
    platforms: ['native', 'container'],
    benchmarks: [
      { benchmark: 'netperf', params: { tests: ['TCP_RR', 'TCP_STREAM'], messageSizes: [1, 64, 1024], durationSec: 5 } },
      { benchmark: 'iozone', params: { fileSizes: [65536, 262144], recordSize: 1024 } },
      { benchmark: 'npb', params: { kernels: ['ep', 'is'], classes: ['A'], variants: ['serial', 'openmp', 'mpi'], threads: [2], mpiNodes: [1, 2, 4] } },
    ],
    repetitions: 3,
    ...extra,
  });

describe('buildPlan', () => {
  it('plans the MPI counts each NPB kernel can run and says which it left out', () => {
    const plan = buildPlan(
      scenario({
        benchmarks: [{ benchmark: 'npb', params: { kernels: ['ep', 'bt'], classes: ['S'], variants: ['mpi'], mpiNodes: [1, 2, 4] } }],
        repetitions: 1,
      }),
      platforms,
      { machineOf },
    );
    const mpi = (k: string) =>
      plan.entries.filter((e) => e.platform === 'native' && e.benchmark === 'npb-mpi' && e.params.kernel === k).map((e) => e.nodeCount);
    expect(mpi('ep')).toEqual([1, 2, 4]);
    expect(mpi('bt')).toEqual([1, 4]);
    expect(plan.leftOut).toEqual(['NPB BT MPI on 2 node(s) left out: BT needs a square number of ranks (1, 4, 9, 16, ...)']);
    expect(buildPlan(scenario(), platforms, { machineOf }).leftOut).toBeUndefined();
  });

  it('lists every run: points x repetitions x platforms', () => {
    const plan = buildPlan(scenario(), platforms, { machineOf });
    // netperf 3 RR + 1 STREAM, iozone 2, npb 2 kernels x (1 serial + 1 openmp + 3 mpi) = 16 points
    expect(plan.entries).toHaveLength(16 * 3 * 2);
    expect(plan.entries.map((e) => e.index)).toEqual(plan.entries.map((_, i) => i));
    const mpi4 = plan.entries.find((e) => e.benchmark === 'npb-mpi' && e.params['variant'] === 'mpi' && e.nodeCount === 4)!;
    expect(mpi4).toMatchObject({ endpointsNeeded: 4, params: { kernel: 'ep', class: 'A', nodes: 4, ranks: 4 } });
    expect(plan.entries.filter((e) => e.benchmark === 'netperf').every((e) => e.endpointsNeeded === 2)).toBe(true);
    expect(plan.entries.find((e) => e.point === 'TCP_RR 1 KiB')).toBeDefined();
  });

  it("carries netperf's latency: median into TCP_RR points only, and their parse halves P50_LATENCY", () => {
    const plan = buildPlan(
      scenario({ benchmarks: [{ benchmark: 'netperf', params: { tests: ['TCP_RR', 'TCP_STREAM'], messageSizes: [1], durationSec: 5, latency: 'median' } }] }),
      platforms,
      { machineOf },
    );
    const testOf = (e: { params: object }) => (e.params as Record<string, unknown>)['test'];
    const rr = plan.entries.find((e) => testOf(e) === 'TCP_RR')!;
    const stream = plan.entries.find((e) => testOf(e) === 'TCP_STREAM')!;
    expect(rr.params).toEqual({ test: 'TCP_RR', messageSize: 1, durationSec: 5, latency: 'median' });
    expect(rr.point).toBe('TCP_RR 1 B (median RTT)');
    expect(stream.params).toEqual({ test: 'TCP_STREAM', durationSec: 5 });
    // The default (the paper's mean) leaves the points as they were.
    expect(buildPlan(scenario(), platforms, { machineOf }).entries.find((e) => testOf(e) === 'TCP_RR')!.params).not.toHaveProperty('latency');
  });

  it('interleaves platforms point by point, or groups them', () => {
    const inter = buildPlan(scenario(), platforms).entries;
    expect(inter.slice(0, 4).map((e) => `${e.platform} ${e.point}`)).toEqual([
      'native TCP_RR 1 B',
      'container TCP_RR 1 B',
      'native TCP_RR 64 B',
      'container TCP_RR 64 B',
    ]);
    const grouped = buildPlan(scenario({ order: 'grouped' }), platforms).entries;
    expect(grouped.slice(0, 48).every((e) => e.platform === 'native')).toBe(true);
    expect(grouped.slice(0, 3).map((e) => e.repetition)).toEqual([0, 1, 2]);
  });

  it('randomizes reproducibly with a recorded seed', () => {
    const a = buildPlan(scenario({ order: 'randomized' }), platforms, { seed: 42 });
    const b = buildPlan(scenario({ order: 'randomized', seed: 42 }), platforms);
    const c = buildPlan(scenario({ order: 'randomized' }), platforms, { seed: 43 });
    expect(a.seed).toBe(42);
    expect(a.entries).toEqual(b.entries);
    expect(a.entries).not.toEqual(c.entries);
    const drawn = buildPlan(scenario({ order: 'randomized' }), platforms);
    expect(drawn.seed).toEqual(expect.any(Number));
    expect(buildPlan(scenario({ order: 'randomized', seed: drawn.seed! }), platforms).entries).toEqual(drawn.entries);
    // Same multiset of runs whatever the order.
    const key = (e: { platform: string; point: string; repetition: number }) => `${e.platform}|${e.point}|${e.repetition}`;
    expect(a.entries.map(key).sort()).toEqual(buildPlan(scenario(), platforms).entries.map(key).sort());
  });

  it('estimates durations: netperf from duration x points, iozone from sizes, npb from class', () => {
    const plan = buildPlan(scenario({ coolDownSec: 1 }), platforms, { machineOf });
    const rr = plan.entries.find((e) => e.benchmark === 'netperf')!;
    expect(rr.estimateSec).toBe(8);
    const io = plan.entries.filter((e) => e.benchmark === 'iozone');
    // The same per-run overhead on top of a time that grows with the file size.
    expect(Math.max(...io.map((e) => e.estimateSec)) - 3).toBeGreaterThan((Math.min(...io.map((e) => e.estimateSec)) - 3) * 2);
    const bigger = buildPlan(Scenario.parse({ ...scenario(), benchmarks: [{ benchmark: 'npb', params: { kernels: ['ep'], classes: ['C'] } }] }), platforms);
    const smaller = buildPlan(Scenario.parse({ ...scenario(), benchmarks: [{ benchmark: 'npb', params: { kernels: ['ep'], classes: ['A'] } }] }), platforms);
    const runsSec = (p: typeof plan) => p.entries.reduce((s, e) => s + e.estimateSec, 0);
    expect(runsSec(bigger)).toBeGreaterThan(runsSec(smaller) * 5);
    expect(plan.sequentialSec).toBeCloseTo(plan.entries.reduce((s, e) => s + e.estimateSec + 1, 0) + plan.setup.reduce((s, c) => s + c.sec, 0), 6);
    // Parallel: never below the longest run, never above running everything in a row.
    expect(plan.parallelSec).toBeLessThan(plan.sequentialSec);
    expect(plan.parallelSec).toBeGreaterThanOrEqual(Math.max(...plan.entries.map((e) => e.estimateSec)));
  });

  it('refuses to build a plan above the bound, naming the count', () => {
    const s = scenario({
      repetitions: 1000,
      benchmarks: [{ benchmark: 'netperf', params: { tests: ['TCP_RR'], messageSizes: Array.from({ length: 60 }, (_, i) => i + 1) } }],
    });
    expect(() => buildPlan(s, platforms)).toThrow('plans 120000 runs; a campaign may plan at most 100000');
  });

  it('counts builds and uploads once per platform, and estimates a point from its history once it ran there', () => {
    const npbOnly = Scenario.parse({
      ...scenario(),
      benchmarks: [{ benchmark: 'npb', params: { kernels: ['ep', 'is'], classes: ['S'], variants: ['serial', 'mpi'], mpiNodes: [2] } }],
    });
    const fresh = buildPlan(npbOnly, platforms);
    const whats = fresh.setup.filter((c) => c.platform === 'native').map((c) => c.what);
    // Source staged once per endpoint used (2 for MPI), each kernel built once per tree and endpoint, MPI keys once.
    expect(whats.filter((w) => w === 'NPB source upload and unpack')).toHaveLength(2);
    expect(whats.filter((w) => w === 'NPB EP.S build')).toHaveLength(3);
    expect(whats).toContain('MPI keys');
    expect(fresh.setup.filter((c) => c.platform === 'container')).toHaveLength(fresh.setup.filter((c) => c.platform === 'native').length);
    expect(fresh.entries.every((e) => e.estimateFrom === 'module')).toBe(true);

    const seen = buildPlan(npbOnly, platforms, {
      history: (platform, runName, params) => (platform === 'native' && runName === 'npb-serial' && params['kernel'] === 'ep' ? 42 : undefined),
    });
    const ep = seen.entries.filter((e) => e.platform === 'native' && e.benchmark === 'npb-serial' && e.params['kernel'] === 'ep');
    expect(ep.every((e) => e.estimateSec === 42 && e.estimateFrom === 'history')).toBe(true);
    expect(seen.setup.filter((c) => c.platform === 'native').length).toBeLessThan(fresh.setup.filter((c) => c.platform === 'native').length);
  });

  it('counts no MPI keys for a platform whose backend starts the ranks itself (Slurm), and charges none to its runs', () => {
    const slurm: PlatformInfo = {
      ...platforms[0]!,
      name: 'batch',
      isBaseline: false,
      backend: 'slurm',
      backendSettings: { login: 'h1', timeLimitMin: 5, workDir: '/shared' },
    };
    const s = Scenario.parse({
      ...scenario(),
      platforms: ['native', 'batch'],
      benchmarks: [{ benchmark: 'npb', params: { kernels: ['ep'], classes: ['S'], variants: ['mpi'], mpiNodes: [2, 4] } }],
    });
    const plan = buildPlan(s, [platforms[0]!, slurm]);
    const whats = (platform: string) => plan.setup.filter((c) => c.platform === platform).map((c) => c.what);
    expect(whats('native').filter((w) => w === 'MPI keys')).toHaveLength(2);
    expect(whats('batch')).not.toContain('MPI keys');
    // The rest of the setup (source staged, MPI tree, build on each node) is the same on both.
    expect(whats('batch')).toEqual(whats('native').filter((w) => w !== 'MPI keys'));
    const charged = (platform: string) => plan.entries.filter((e) => e.platform === platform).reduce((t, e) => t + e.setupSec, 0);
    const setupSec = (platform: string) => plan.setup.filter((c) => c.platform === platform).reduce((t, c) => t + c.sec, 0);
    expect(charged('batch')).toBeCloseTo(setupSec('batch'), 9);
    const keysSec = plan.setup.filter((c) => c.platform === 'native' && c.what === 'MPI keys').reduce((t, c) => t + c.sec, 0);
    expect(keysSec).toBeGreaterThan(0);
    expect(charged('native') - charged('batch')).toBeCloseTo(keysSec, 9);
  });

  it('charges each setup step to the first run of its platform that needs it, so the runs add up to the plan', () => {
    const npbOnly = Scenario.parse({
      ...scenario(),
      order: 'grouped',
      benchmarks: [{ benchmark: 'npb', params: { kernels: ['ep', 'is'], classes: ['S'], variants: ['serial', 'mpi'], mpiNodes: [2] } }],
    });
    const plan = buildPlan(npbOnly, platforms);
    const setupTotal = plan.setup.reduce((t, c) => t + c.sec, 0);
    expect(plan.entries.reduce((t, e) => t + e.setupSec, 0)).toBeCloseTo(setupTotal, 9);
    for (const platform of ['native', 'container']) {
      const runs = plan.entries.filter((e) => e.platform === platform);
      // Repetitions after the first of a point reuse what the first one built.
      expect(runs.filter((e) => e.repetition > 0).every((e) => e.setupSec === 0)).toBe(true);
      expect(runs[0]!.setupSec).toBeGreaterThan(0);
    }
    // One run at a time, every platform's setup is in the wall time: the schedule is the sum.
    const one = buildPlan(Scenario.parse({ ...npbOnly, maxParallel: 1 }), platforms);
    expect(one.parallelSec).toBeCloseTo(one.sequentialSec, 6);
    expect(plan.parallelSec).toBeLessThan(plan.sequentialSec);
    // A point with history has done its setup before: nothing is charged to its runs.
    const seen = buildPlan(npbOnly, platforms, { history: (platform) => (platform === 'native' ? 10 : undefined) });
    expect(seen.entries.filter((e) => e.platform === 'native').every((e) => e.setupSec === 0)).toBe(true);
    expect(seen.entries.filter((e) => e.platform === 'container').reduce((t, e) => t + e.setupSec, 0)).toBeGreaterThan(0);
  });

  it("charges a platform's preparation (its provider's estimate, or how long it took before) to its first run", () => {
    // Two TCG VMs: the provider guesses 60 s; the plan's runs, both totals and the stored estimates include it.
    const vms: PlatformInfo = {
      name: 'kvm',
      technology: 'hw-vm',
      product: 'QEMU',
      version: null,
      isBaseline: false,
      endpoints: ['v1', 'v2'],
      provider: 'qemu',
      settings: { accelerator: 'tcg', vcpus: 1, memoryMiB: 512, image: { source: 'file', path: '/images/guest.qcow2' } },
    };
    const netperfOnly = Scenario.parse({
      ...scenario(),
      platforms: ['native', 'kvm'],
      maxParallel: 1,
      benchmarks: [{ benchmark: 'netperf', params: { tests: ['TCP_RR'], messageSizes: [1], durationSec: 5 } }],
    });
    const plan = buildPlan(netperfOnly, [platforms[0]!, vms]);
    const prepare = plan.setup.filter((c) => c.what.startsWith('prepare: '));
    expect(prepare).toEqual([{ platform: 'kvm', what: expect.stringMatching(/^prepare: boot one VM a host/), sec: 60 }]);
    const kvm = plan.entries.filter((e) => e.platform === 'kvm');
    expect(kvm.map((e) => e.setupSec)).toEqual([60, 0, 0]);
    expect(plan.entries.filter((e) => e.platform === 'native').every((e) => e.setupSec === 0)).toBe(true);
    const runsSec = plan.entries.reduce((t, e) => t + e.estimateSec, 0);
    expect(plan.sequentialSec).toBeCloseTo(runsSec + 60, 6);
    expect(plan.parallelSec).toBeCloseTo(runsSec + 60, 6);
    // Prepared before with these settings on 2 hosts: 510 s (an 8.5 min TCG boot) is what the plan says now.
    const asked: unknown[] = [];
    const seen = buildPlan(netperfOnly, [platforms[0]!, vms], {
      preparationHistory: (...a) => {
        asked.push(a);
        return 510;
      },
    });
    expect(asked).toEqual([['kvm', 'qemu', vms.settings, 2]]);
    expect(seen.setup.filter((c) => c.what.startsWith('prepare: '))).toEqual([
      { platform: 'kvm', what: expect.stringMatching(/\(as long as it took before\)$/), sec: 510 },
    ]);
    expect(seen.entries.find((e) => e.platform === 'kvm')!.setupSec).toBe(510);
    expect(seen.parallelSec).toBeCloseTo(runsSec + 510, 6);
    // A platform used as it is (native) has nothing to prepare, history or not.
    expect(buildPlan(netperfOnly, [platforms[0]!, vms], { preparationHistory: () => 5 }).setup.filter((c) => c.platform === 'native')).toEqual([]);
  });
});
