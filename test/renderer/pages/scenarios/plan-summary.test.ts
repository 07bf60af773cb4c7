// The plan's table: runs and time per platform and benchmark, the setup charged to a run counted with it.
import { describe, expect, it } from 'vitest';
import type { Plan, PlanEntry, PlanRun } from '../../../../main/contract/scenarios.ts';
import { setupKinds, summarizePlan } from '../../../../renderer/src/pages/scenarios/plan-summary.ts';

const PARAMS = {
  'npb-serial': { kernel: 'ep', class: 'S', variant: 'serial' },
  netperf: { test: 'TCP_STREAM', durationSec: 10 },
} as const;
const entry = (index: number, platform: string, benchmark: keyof typeof PARAMS, estimateSec: number, setupSec: number): PlanEntry => ({
  index,
  platform,
  ...({ benchmark, params: PARAMS[benchmark] } as PlanRun),
  point: 'p',
  repetition: 0,
  nodeCount: 1,
  endpointsNeeded: 1,
  estimateSec,
  estimateFrom: 'module',
  setupSec,
});

describe('plan summary', () => {
  it('adds each run and the setup charged to it per platform and benchmark', () => {
    const plan: Plan = {
      scenario: 's',
      order: 'grouped',
      seed: null,
      sequentialSec: 0,
      parallelSec: 0,
      setup: [],
      entries: [entry(0, 'native', 'npb-serial', 4, 30), entry(1, 'native', 'npb-serial', 4, 0), entry(2, 'kvm', 'netperf', 10, 0)],
    };
    expect(summarizePlan(plan)).toEqual([
      { platform: 'kvm', benchmark: 'netperf', runs: 1, estimateSec: 10 },
      { platform: 'native', benchmark: 'npb-serial', runs: 2, estimateSec: 38 },
    ]);
  });

  it("names each kind of one-off setup once, the providers' preparations by their count", () => {
    const setup = [
      { platform: 'native', what: 'NPB source upload and unpack', sec: 6 },
      { platform: 'native', what: 'NPB EP.S build', sec: 5 },
      { platform: 'podman', what: 'prepare: Podman: 2 container(s) from img, network bridge', sec: 6 },
      { platform: 'podman', what: 'NPB IS.S build', sec: 4 },
      { platform: 'lxc', what: 'prepare: LXC: 2 system container(s) from /x.tar', sec: 34 },
    ];
    expect(setupKinds(setup)).toEqual(['NPB source upload and unpack', 'NPB builds', 'preparation of 2 platform(s)']);
    expect(setupKinds(setup.slice(0, 2))).toEqual(['NPB source upload and unpack', 'NPB builds']);
  });
});
