// The metrics netperf runs report, with units and direction.
import type { MetricSpec } from '../types.ts';

export const netperfMetrics = [
  {
    name: 'half_rtt',
    unit: 'us',
    better: 'lower',
    description:
      'Half round-trip latency (one-way estimate) of TCP_RR: mean RTT / 2, where mean RTT is MEAN_LATENCY when netperf reports it (-j) and 1e6 / transaction rate otherwise; for a point with latency: median, P50_LATENCY / 2.',
  },
  { name: 'rtt_mean', unit: 'us', better: 'lower', description: 'Mean round-trip time of one request/response (MEAN_LATENCY).' },
  { name: 'rtt_p50', unit: 'us', better: 'lower', description: 'Median round-trip time (P50_LATENCY).' },
  { name: 'rtt_p90', unit: 'us', better: 'lower', description: '90th percentile round-trip time (P90_LATENCY).' },
  { name: 'rtt_p99', unit: 'us', better: 'lower', description: '99th percentile round-trip time (P99_LATENCY).' },
  { name: 'rtt_min', unit: 'us', better: 'lower', description: 'Smallest round-trip time seen (MIN_LATENCY).' },
  { name: 'rtt_max', unit: 'us', better: 'lower', description: 'Largest round-trip time seen (MAX_LATENCY).' },
  { name: 'rtt_stddev', unit: 'us', better: 'lower', description: 'Standard deviation of round-trip times (STDDEV_LATENCY).' },
  { name: 'transaction_rate', unit: 'trans/s', better: 'higher', description: 'Request/response transactions per second.' },
  {
    name: 'throughput',
    unit: 'Mbit/s',
    better: 'higher',
    description:
      'Bulk throughput in 10^6 bits per second (TCP_STREAM, TCP_MAERTS; UDP_STREAM once as sent, point side=send, and once as received, side=receive).',
  },
] as const satisfies readonly MetricSpec[];

export type NetperfMetricName = (typeof netperfMetrics)[number]['name'];

export function netperfSpec(name: NetperfMetricName): MetricSpec {
  const spec = netperfMetrics.find((m) => m.name === name);
  if (!spec) throw new Error(`unknown netperf metric ${name}`);
  return spec;
}
