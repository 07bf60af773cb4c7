// Every benchmark VirtLab knows, by id.
import { iozone } from './iozone/index.ts';
import { netperf } from './netperf/index.ts';
import { npb } from './npb/index.ts';
import type { BenchmarkDescriptor, BenchmarkId } from './types.ts';

export const catalog: readonly BenchmarkDescriptor[] = [netperf, iozone, npb];

export const benchmarkIds: readonly BenchmarkId[] = catalog.map((b) => b.id);

export function findBenchmark(id: string): BenchmarkDescriptor | undefined {
  return catalog.find((b) => b.id === id);
}
