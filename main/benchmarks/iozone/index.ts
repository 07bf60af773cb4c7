// IOzone in the catalog.
import type { BenchmarkDescriptor } from '../types.ts';
import { iozoneMetrics } from './metrics.ts';
import { parseIozone } from './parse.ts';

export const iozone: BenchmarkDescriptor = {
  id: 'iozone',
  title: 'IOzone',
  summary: 'File system writer/re-writer/reader/re-reader bandwidth with 1 MB records over 1 MB..512 MB files.',
  metrics: iozoneMetrics,
  parse: (text) => parseIozone(text),
};
