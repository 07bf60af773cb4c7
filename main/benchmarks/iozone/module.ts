// IOzone as a benchmark module: one endpoint, one file size a run, in a scratch folder the backend makes and removes.
import { iozoneForm } from './form.ts';
import type { BenchmarkModule, ToolRequirement } from '../module.ts';
import { iozoneArgv, iozoneVersionArgv } from './command.ts';
import { iozoneMetrics } from './metrics.ts';
import { parseIozone } from './parse.ts';
import { iozoneSweepEntry, IozonePoint, type IozoneSweep } from './sweep.ts';
import { parseIozoneVersion } from './version.ts';

/** IOzone's test numbers for the scenario's test names. */
const TEST_NUMBER = { write: 0, read: 1, random: 2 } as const;
/** Assumed file throughput (MiB/s) through the page cache and with O_DIRECT. */
const CACHED_MIBPS = 400;
const DIRECT_MIBPS = 150;
/** Passes over the file per test: write+rewrite, read+reread, random read+random write. */
const PASSES = 2;
const RUN_OVERHEAD_SEC = 3;

const kib = (n: number) => (n >= 1024 && n % 1024 === 0 ? (n >= 1 << 20 && n % (1 << 20) === 0 ? `${n >> 20} GiB` : `${n >> 10} MiB`) : `${n} KiB`);

const TOOL: ToolRequirement = { kind: 'tool', tool: 'iozone', package: 'iozone3', versionArgv: iozoneVersionArgv, parseVersion: parseIozoneVersion };

export const iozone = {
  id: 'iozone',
  title: 'IOzone',
  summary: 'File system writer/reader throughput over file sizes with a fixed record size.',
  sweep: iozoneSweepEntry,
  form: iozoneForm,
  params: IozonePoint,
  runNames: ['iozone'] as const,
  runName: () => 'iozone',

  points: (s) =>
    s.fileSizes.map((fileSize) => ({
      params: { fileSize, recordSize: s.recordSize, tests: s.tests, oDirect: s.oDirect, flush: s.flush },
      label: `${kib(fileSize)} file, ${kib(s.recordSize)} records${s.oDirect ? ', O_DIRECT' : ''}`,
      nodeCount: 1,
    })),

  check: (s) =>
    s.fileSizes.flatMap((size, i) =>
      size < s.recordSize ? [{ path: `fileSizes[${i}]`, message: `${size} KiB is smaller than the record size (${s.recordSize} KiB)` }] : [],
    ),

  endpoints: () => 1,
  estimate(p) {
    const rate = p.oDirect ? DIRECT_MIBPS : CACHED_MIBPS;
    return { runSec: RUN_OVERHEAD_SEC + (p.tests.length * PASSES * (p.fileSize / 1024)) / rate, setup: [] };
  },

  tool: TOOL,
  requirements: () => [TOOL, { kind: 'scratch' }],

  job(p, ctx) {
    if (!ctx.scratch) throw new Error('IOzone needs its scratch folder');
    const argv = iozoneArgv(
      {
        tests: p.tests.map((t) => TEST_NUMBER[t]),
        recordKB: p.recordSize,
        fileSizesKB: [p.fileSize],
        folder: ctx.scratch,
        directIO: p.oDirect,
        includeFlush: p.flush,
        excelReport: true,
      },
      p.fileSize,
    );
    return {
      setup: [['mkdir', '-p', '--', ctx.scratch]],
      steps: [{ point: { fileSize: p.fileSize, recordSize: p.recordSize }, argv }],
      teardown: [['rm', '-rf', '--', ctx.scratch]],
    };
  },

  parseSaved: (text) => parseIozone(text),
  parse(text, _marker, p) {
    const out = parseIozone(text);
    return {
      metrics: out.metrics.map((m) => ({ name: m.name, point: String(m.point.fileSizeKB ?? p.fileSize), value: m.value, unit: m.unit, better: m.better })),
      warnings: out.warnings,
    };
  },

  describePoint: (point) => `${point} kB files`,
  pointKey: (p) => String(p.fileSize),
  metrics: iozoneMetrics,
  figures: [
    {
      id: 'fig2',
      title: 'IOzone file system performance',
      caption: 'IOzone writer and reader throughput by file size (Fig. 2).',
      logX: true,
      panels: [
        { id: 'writer', title: 'Writer', xLabel: 'file size', benchmark: 'iozone', metric: 'writer', kind: 'absolute' },
        { id: 'reader', title: 'Reader', xLabel: 'file size', benchmark: 'iozone', metric: 'reader', kind: 'absolute' },
      ],
    },
  ],
  headlines: [
    { label: 'IOzone writer', benchmark: 'iozone', metric: 'writer' },
    { label: 'IOzone reader', benchmark: 'iozone', metric: 'reader' },
  ],
} satisfies BenchmarkModule<IozoneSweep, IozonePoint>;
