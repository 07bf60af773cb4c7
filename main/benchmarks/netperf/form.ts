// The wizard's netperf form: the sweep's own parameters, starting from the paper's sweep (Walters et al. 2008, Fig. 1).
import type { BenchmarkForm } from '../form.ts';
import { powersOfTwo } from '../sweep.ts';
import type { NetperfSweep } from './sweep.ts';

export const netperfForm: BenchmarkForm<NetperfSweep> = {
  pick: 'Netperf — network latency (TCP_RR, half round trip) and bandwidth (TCP_STREAM) between two endpoints (Fig. 1a, 1b)',
  legend: 'Netperf',
  onByDefault: true,
  initial: { tests: ['TCP_RR', 'TCP_STREAM'], messageSizes: powersOfTwo(1, 16384), streamSizes: [], durationSec: 10, latency: 'mean' },
  fields: [
    {
      kind: 'multi',
      name: 'tests',
      label: 'Tests',
      hint: 'The paper reports both: half-round-trip latency and throughput.',
      options: [
        { value: 'TCP_RR', label: 'TCP_RR (latency)' },
        { value: 'TCP_STREAM', label: 'TCP_STREAM (bandwidth)' },
      ],
    },
    {
      kind: 'numbers',
      name: 'messageSizes',
      label: 'TCP_RR message sizes (bytes)',
      hint: 'Request/response sizes of the latency sweep; paper: growing sizes, here 1 B to 16 KiB.',
    },
    { kind: 'numbers', name: 'streamSizes', label: 'TCP_STREAM send sizes (bytes)', hint: "Empty: one point with netperf's default send size." },
    { kind: 'number', name: 'durationSec', label: 'Seconds per point', hint: "netperf -l; 10 s is netperf's default.", min: 1 },
    {
      kind: 'choice',
      name: 'latency',
      label: 'TCP_RR latency from',
      options: [
        { value: 'mean', label: 'the mean round trip (paper)' },
        { value: 'median', label: 'the median round trip' },
      ],
      hint: 'The half round trip halves the mean (netperf MEAN_LATENCY, to 0.01 µs) or the median (P50_LATENCY), which a busy scheduler moves less but netperf gives in whole µs: too coarse for a ±5% target on round trips of tens of µs.',
    },
  ],
};
