// The Compare store sends the core only what each procedure's contract accepts: the spread metric it keeps from the
// first answer (which carries the metric's unit) went back with that unit on the next load, and the core refused it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { procedures, type ProcedureName } from '../../../main/contract/procedures.ts';

const calls: { name: string; input: unknown }[] = [];
const checked = (name: ProcedureName, answer: unknown) => async (input: unknown) => {
  calls.push({ name, input });
  procedures[name].input.parse(input); // what the core's invoke does first: a strict schema refuses an unknown key
  return answer;
};
vi.mock('../../../renderer/src/api/core-api.ts', () => ({
  api: () => ({
    'results.figures': checked('results.figures', { campaignId: 1, baseline: 'native', figures: [] }),
    'results.overview': checked('results.overview', { campaignId: 1 }),
    'results.spread': checked('results.spread', {
      campaignId: 1,
      metrics: [{ benchmark: 'netperf', metric: 'half_rtt', unit: 'us' }],
      groups: [],
    }),
  }),
}));

const { useResults } = await import('../../../renderer/src/stores/results-store.ts');

describe('Compare store', () => {
  beforeEach(() => {
    calls.length = 0;
  });

  it('keeps the first spread metric by benchmark and metric only, so switching mode loads again without an error', async () => {
    await useResults.getState().selectCampaign(1);
    expect(useResults.getState().spreadMetric).toEqual({ benchmark: 'netperf', metric: 'half_rtt' });
    await useResults.getState().setMode('absolute');
    expect([useResults.getState().state, useResults.getState().error]).toEqual(['ready', undefined]);
    expect(calls.filter((c) => c.name === 'results.spread').map((c) => c.input)).toEqual([
      { campaignId: 1 },
      { campaignId: 1, benchmark: 'netperf', metric: 'half_rtt' },
    ]);
  });
});
