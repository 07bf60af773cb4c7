// The numbers NPB's report block gives.
import type { MetricSpec } from '../types.ts';

export const npbMetrics = [
  { name: 'time', unit: 's', better: 'lower', description: 'Benchmark time ("Time in seconds"); the paper compares runs by it, relative to native.' },
  { name: 'mops_total', unit: 'Mop/s', better: 'higher', description: 'Millions of operations per second for the whole run ("Mop/s total").' },
  { name: 'mops_per_process', unit: 'Mop/s', better: 'higher', description: 'Mop/s total divided by MPI processes ("Mop/s/process").' },
  { name: 'mops_per_thread', unit: 'Mop/s', better: 'higher', description: 'Mop/s total divided by OpenMP threads ("Mop/s/thread").' },
] as const satisfies readonly MetricSpec[];

export type NpbMetricName = (typeof npbMetrics)[number]['name'];
