// IOzone tests, in the order of the columns of its text table, with the titles of its -R (Excel) report blocks.
import type { MetricSpec } from '../types.ts';

export interface IozoneTest {
  name: string;
  /** Title of the -R report block, e.g. "Writer report". */
  report: string;
  description: string;
}

export const iozoneTests: readonly IozoneTest[] = [
  { name: 'writer', report: 'Writer report', description: 'Writing a new file (test 0).' },
  { name: 'rewriter', report: 'Re-writer report', description: 'Writing an existing file again (test 0).' },
  { name: 'reader', report: 'Reader report', description: 'Reading an existing file (test 1).' },
  { name: 'rereader', report: 'Re-Reader report', description: 'Reading a recently read file again (test 1).' },
  { name: 'random_read', report: 'Random read report', description: 'Random reads (test 2).' },
  { name: 'random_write', report: 'Random write report', description: 'Random writes (test 2).' },
  { name: 'backward_read', report: 'Backward read report', description: 'Reading the file backwards (test 3).' },
  { name: 'record_rewrite', report: 'Record rewrite report', description: 'Rewriting one record in place (test 4).' },
  { name: 'stride_read', report: 'Stride read report', description: 'Strided reads (test 5).' },
  { name: 'fwrite', report: 'Fwrite report', description: 'fwrite() of a new file (test 6).' },
  { name: 'frewrite', report: 'Re-Fwrite report', description: 'fwrite() of an existing file (test 6).' },
  { name: 'fread', report: 'Fread report', description: 'fread() of a file (test 7).' },
  { name: 'freread', report: 'Re-Fread report', description: 'fread() of a recently read file (test 7).' },
];

/** IOzone's kB is 1024 bytes; MB/s here is kB/s / 1024. */
export const iozoneMetrics: readonly MetricSpec[] = iozoneTests.flatMap((t) => [
  { name: t.name, unit: 'kB/s', better: 'higher' as const, description: `${t.description} IOzone kB/s (1 kB = 1024 bytes).` },
  { name: `${t.name}_MBps`, unit: 'MB/s', better: 'higher' as const, description: `${t.description} In MB/s (kB/s / 1024).` },
]);

export function testForReport(title: string): IozoneTest | undefined {
  const t = title.trim().toLowerCase();
  return iozoneTests.find((x) => x.report.toLowerCase() === t);
}
