// Plans with adaptive repetitions: warm-ups then the minimum planned, warm-ups before measured runs in every order,
// the range up to the cap; the scenario checks refuse a fixed count beside it and the grouped order.
import { describe, expect, it } from 'vitest';
import { Scenario, type PlatformInfo } from '../../../../main/contract/scenarios.ts';
import { buildPlan } from '../../../../main/scenarios/plan.ts';
import { validateScenario } from '../../../../main/scenarios/validate.ts';

const platforms: PlatformInfo[] = [
  { name: 'native', technology: 'native', product: 'bare metal', version: null, isBaseline: true, endpoints: ['h1', 'h2'] },
  { name: 'container', technology: 'os-level', product: 'namespaces', version: null, isBaseline: false, endpoints: ['g1', 'g2'] },
];
const raw = (extra: Record<string, unknown> = {}) => ({
  name: 'adaptive',
  platforms: ['native', 'container'],
  benchmarks: [{ benchmark: 'iozone', params: { fileSizes: [1024, 4096], recordSize: 64 } }],
  adaptive: { targetPct: 5, min: 3, max: 10, warmup: 1 },
  ...extra,
});

describe('plans with adaptive repetitions', () => {
  it('plans the warm-ups and the minimum, and shows the range up to the cap', () => {
    const plan = buildPlan(Scenario.parse(raw()), platforms);
    // 2 points x (1 warm-up + 3) x 2 platforms
    expect(plan.entries).toHaveLength(16);
    expect(plan.entries.slice(0, 4).every((e) => e.repetition === -1)).toBe(true);
    const a = plan.adaptive!;
    expect(a).toMatchObject({ targetPct: 5, min: 3, max: 10, warmup: 1, points: 2, runs: { min: 16, max: 2 * 11 * 2 } });
    expect(a.sequentialSec.min).toBeCloseTo(plan.sequentialSec, 10);
    const round = plan.entries.filter((e) => e.repetition === 0).reduce((s, e) => s + e.estimateSec, 0);
    expect(a.sequentialSec.max).toBeCloseTo(plan.sequentialSec + 7 * round, 10);
    expect(a.parallelSec.max).toBeGreaterThanOrEqual(a.parallelSec.min);
    expect(buildPlan(Scenario.parse({ ...raw(), adaptive: undefined }), platforms).adaptive).toBeUndefined();
  });

  it('puts every warm-up before every measured run in a randomized order', () => {
    const plan = buildPlan(Scenario.parse(raw({ order: 'randomized', seed: 3 })), platforms);
    const firstMeasured = plan.entries.findIndex((e) => e.repetition >= 0);
    expect(firstMeasured).toBe(4);
    expect(plan.entries.slice(firstMeasured).every((e) => e.repetition >= 0)).toBe(true);
  });

  it('refuses a fixed count beside it, the grouped order, and min above max, each with its path', () => {
    const v = validateScenario(raw({ repetitions: 3, order: 'grouped', adaptive: { targetPct: 5, min: 8, max: 4 } }));
    expect(v.ok).toBe(false);
    expect(v.issues).toEqual(
      expect.arrayContaining([
        { path: 'repetitions', message: 'give either repetitions (a fixed count) or adaptive, not both' },
        { path: 'order', message: 'adaptive repetitions need the platforms interleaved or randomized, not grouped' },
        { path: 'adaptive.max', message: 'min must not exceed max' },
      ]),
    );
    expect(validateScenario(raw()).ok).toBe(true);
  });
});
