import { describe, expect, it } from 'vitest';
import { decidingValues, pointLabel } from '../../../../main/campaigns/adaptive/points.ts';

const v = (metric: string, value: number) => ({ runId: 1, metric, point: '64', value });

describe('decidingValues', () => {
  it('judges a netperf TCP_RR point by its headline latency, not by rtt_max or rtt_p99', () => {
    const run = [v('half_rtt', 70), v('rtt_max', 900), v('rtt_p99', 200), v('transaction_rate', 7000)];
    expect(decidingValues('netperf', run).map((x) => x.metric)).toEqual(['half_rtt']);
  });
  it('keeps every metric of a run that has no headline metric', () => {
    const run = [v('write_kbps', 1), v('read_kbps', 2)];
    expect(decidingValues('iozone', run)).toEqual(run);
    expect(decidingValues('not-a-benchmark', run)).toEqual(run);
  });
});

describe('pointLabel', () => {
  it('names a point in the report words: the netperf test and size, not the pair as "2 nodes"', () => {
    expect(pointLabel('netperf', { test: 'TCP_RR', messageSize: 64, durationSec: 1 }, 2)).toBe('netperf TCP_RR: 64-byte messages');
  });
});
