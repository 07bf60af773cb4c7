// netperf in the catalog.
import type { BenchmarkDescriptor } from '../types.ts';
import { netperfMetrics } from './metrics.ts';
import { parseNetperf } from './parse.ts';

export const netperf: BenchmarkDescriptor = {
  id: 'netperf',
  title: 'Netperf',
  summary: 'TCP_RR half-round-trip latency over 1 B..16 KiB messages and TCP_STREAM bandwidth between two endpoints.',
  metrics: netperfMetrics,
  parse: (text) => parseNetperf(text),
};
