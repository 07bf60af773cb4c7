// Results and reports: the paper's figures, overview, spread and tables of a campaign, offline review of another
// database or bundle, and report rendering/export. Schemas mirror main/analysis (figures.ts, types.ts).
import { z } from 'zod';
import { benchmarkModules } from '../benchmarks/registry.ts';
import { procedure } from './procedure.ts';

export const Interval = z.object({ low: z.number(), high: z.number() });

export const FigurePoint = z.object({
  x: z.string(),
  n: z.number().int(),
  mean: z.number(),
  ci: Interval.nullable(),
  sd: z.number().nullable(),
  noisy: z.boolean(),
  p: z.number().nullable().optional(),
  significant: z.boolean().optional(),
});
export type FigurePoint = z.infer<typeof FigurePoint>;

export const FigureSeries = z.object({ platform: z.string(), baseline: z.boolean(), points: z.array(FigurePoint) });
export type FigureSeries = z.infer<typeof FigureSeries>;

export const FigurePanel = z.object({
  id: z.string(),
  title: z.string(),
  xLabel: z.string(),
  yLabel: z.string(),
  series: z.array(FigureSeries),
  /** How the panel reads: a plain measured value, a ratio to the baseline (1.0 line) or a percent of it (100 line). */
  scale: z.enum(['absolute', 'ratio', 'percent', 'speedup']),
  /** The x axis is a size or count growing by powers of two: a log axis reads it best. */
  logX: z.boolean(),
  /** What the panel does not draw and why, one plain sentence each (no speedup over a time of 0.00 s). */
  notes: z.array(z.string()).optional(),
  /** xs measured but drawn for no platform (undefined there): the x axis still spans them. */
  undrawnXs: z.array(z.string()).optional(),
});
export type FigurePanel = z.infer<typeof FigurePanel>;

export const FigureFailure = z.object({
  platform: z.string(),
  benchmark: z.string(),
  x: z.string(),
  nodeCount: z.number().int(),
  state: z.enum(['failed', 'interrupted', 'cancelled']),
  reason: z.string(),
  runIds: z.array(z.number().int()),
});
export type FigureFailure = z.infer<typeof FigureFailure>;

export const Unmatched = z.object({
  platform: z.string(),
  benchmark: z.string(),
  metric: z.string(),
  point: z.string(),
  nodeCount: z.number().int(),
  reason: z.string(),
});
export type Unmatched = z.infer<typeof Unmatched>;

/** The figures every benchmark module declares (main/benchmarks/<name>/module.ts), in registry order. */
const FIGURE_IDS = benchmarkModules.flatMap((m) => m.figures.map((f) => f.id));
export const FigureId = z.enum(FIGURE_IDS as [string, ...string[]]);
export type FigureId = z.infer<typeof FigureId>;

export const FigureDataset = z.object({
  id: FigureId,
  title: z.string(),
  panels: z.array(FigurePanel),
  failures: z.array(FigureFailure),
  missing: z.array(Unmatched),
  /** What the reader must know to read the figure (a platform that ran under emulation), one sentence each. */
  notes: z.array(z.string()).optional(),
});
export type FigureDataset = z.infer<typeof FigureDataset>;

export const ResultsMode = z.enum(['relative', 'absolute']);
export type ResultsMode = z.infer<typeof ResultsMode>;

export const ResultsPlatform = z.object({
  name: z.string(),
  technology: z.string(),
  product: z.string(),
  version: z.string().nullable(),
  isBaseline: z.boolean(),
  /** The emulator its runs' facts show (TCG: QEMU without KVM), when it was not hardware virtualization. */
  emulator: z.string().optional(),
});
export type ResultsPlatform = z.infer<typeof ResultsPlatform>;

export const ResultsCampaign = z.object({
  id: z.number().int(),
  uuid: z.string().nullable(),
  name: z.string(),
  state: z.string(),
  scenario: z.string(),
  scenarioVersion: z.number().int(),
  createdAt: z.number(),
  endedAt: z.number().nullable(),
  runs: z.object({ total: z.number().int(), done: z.number().int(), failed: z.number().int(), other: z.number().int() }),
  metrics: z.number().int(),
  platforms: z.array(z.string()),
  baseline: z.string().nullable(),
});
export type ResultsCampaign = z.infer<typeof ResultsCampaign>;

const ByCampaign = z.object({
  campaignId: z.number().int().positive(),
  baseline: z.string().min(1).optional(),
  /** Platforms to show; the baseline is always computed against. All when absent. */
  platforms: z.array(z.string()).optional(),
});

/** The Compare page's own questions may leave the campaign out: the core answers for the one the page opens on (the
 * newest with a finished run, else the newest: the rule applied to results.campaigns' list), so the page need not wait
 * for the list before asking; each answer names the campaign it is about. */
const ByCampaignOrLatest = ByCampaign.extend({ campaignId: z.number().int().positive().optional() });

export const FiguresRequest = ByCampaignOrLatest.extend({ mode: ResultsMode.default('relative') }).strict();
export type FiguresRequest = z.input<typeof FiguresRequest>;

export const FiguresResult = z.object({
  campaignId: z.number().int(),
  baseline: z.string(),
  mode: ResultsMode,
  platforms: z.array(ResultsPlatform),
  figures: z.array(FigureDataset),
});
export type FiguresResult = z.infer<typeof FiguresResult>;

/** One cell of the overview: how much worse than the baseline a platform is on one benchmark, in percent. */
export const OverviewCell = z.object({
  platform: z.string(),
  group: z.string(),
  /** (geometric mean of slowdown factors over the group's points - 1) x 100; 0 = like the baseline, 100 = twice as slow. */
  overheadPct: z.number(),
  points: z.number().int(),
  /** The point where the platform is furthest behind. */
  worst: z.object({ x: z.string(), overheadPct: z.number() }),
});
export type OverviewCell = z.infer<typeof OverviewCell>;

export const OverviewResult = z.object({
  campaignId: z.number().int(),
  baseline: z.string(),
  platforms: z.array(z.string()),
  groups: z.array(z.string()),
  cells: z.array(OverviewCell),
});
export type OverviewResult = z.infer<typeof OverviewResult>;

export const SpreadGroup = z.object({
  platform: z.string(),
  benchmark: z.string(),
  metric: z.string(),
  point: z.string(),
  nodeCount: z.number().int(),
  /** The box's category on the x axis: the point, with the node count where the benchmark's figures scale over nodes. */
  x: z.string(),
  unit: z.string(),
  n: z.number().int(),
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  max: z.number(),
  cv: z.number().nullable(),
});
export type SpreadGroup = z.infer<typeof SpreadGroup>;

export const SpreadRequest = ByCampaignOrLatest.extend({ benchmark: z.string().optional(), metric: z.string().optional() }).strict();
export const SpreadResult = z.object({
  campaignId: z.number().int(),
  /** Every (benchmark, metric) measured, to choose from. */
  metrics: z.array(z.object({ benchmark: z.string(), metric: z.string(), unit: z.string() })),
  groups: z.array(SpreadGroup),
});
export type SpreadResult = z.infer<typeof SpreadResult>;

export const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const Table = z.object({ id: z.string(), title: z.string(), columns: z.array(z.string()), rows: z.array(z.array(Cell)) });
export type Table = z.infer<typeof Table>;

export const ResultsSource = z.object({
  kind: z.enum(['live', 'database', 'bundle']),
  path: z.string(),
  readonly: z.boolean(),
  campaigns: z.number().int(),
});
export type ResultsSource = z.infer<typeof ResultsSource>;

// In page order: the answer first (summary per platform), every benchmark module's figures, then failures and the appendices.
export const ReportSectionId = z.enum(['summary', ...FIGURE_IDS, 'failures', 'method', 'lab', 'environment'] as [string, ...string[]]);
export type ReportSectionId = z.infer<typeof ReportSectionId>;
export const REPORT_SECTIONS = ReportSectionId.options;

export const ReportSection = z.object({
  id: ReportSectionId,
  title: z.string(),
  paragraphs: z.array(z.string()),
  figure: FigureDataset.optional(),
  tables: z.array(Table),
});
export type ReportSection = z.infer<typeof ReportSection>;

export const ReportModel = z.object({
  title: z.string(),
  campaign: ResultsCampaign,
  baseline: z.string(),
  mode: ResultsMode,
  generatedAt: z.string(),
  source: ResultsSource,
  sections: z.array(ReportSection),
});
export type ReportModel = z.infer<typeof ReportModel>;

export const ReportRequest = ByCampaign.extend({
  sections: z.array(ReportSectionId).optional(),
  mode: ResultsMode.default('relative'),
}).strict();
export type ReportRequest = z.input<typeof ReportRequest>;

export const resultsProcedures = {
  'results.campaigns': procedure(
    z.object({}).strict(),
    z.array(ResultsCampaign),
    'Campaigns of the current results source, newest first, with run and metric counts.',
  ),
  'results.figures': procedure(FiguresRequest, FiguresResult, "The paper's figures (1a, 1b, 2, 3, 4) of a campaign, absolute or relative to the baseline."),
  'results.overview': procedure(
    ByCampaignOrLatest.strict(),
    OverviewResult,
    'Overhead of each platform on each benchmark relative to the baseline (heatmap data).',
  ),
  'results.spread': procedure(SpreadRequest, SpreadResult, 'Run-to-run spread (five-number summary) of each group of one metric.'),
  'results.tables': procedure(FiguresRequest, z.array(Table), 'The numbers behind each figure, one table a panel.'),
  'results.source': procedure(z.object({}).strict(), ResultsSource, 'Where results are read from now.'),
  'results.openDatabase': procedure(z.object({ path: z.string().min(1) }).strict(), ResultsSource, 'Review another VirtLab database, read-only.', {
    dialog: 'open',
    field: 'path',
    title: 'Review a VirtLab database',
  }),
  'results.openBundle': procedure(
    z.object({ path: z.string().min(1) }).strict(),
    ResultsSource,
    'Review an exported results bundle, read-only (loaded in memory).',
    { dialog: 'open', field: 'path', title: 'Review a results bundle' },
  ),
  'results.closeSource': procedure(z.object({}).strict(), ResultsSource, 'Back to the live database.'),
  'reports.render': procedure(ReportRequest, ReportModel, 'The report of a campaign: lab, method, figures with their numbers, failures, environment.'),
  'reports.exportPdf': procedure(
    ReportRequest.extend({ path: z.string().min(1).optional() }).strict(),
    z.object({ path: z.string(), bytes: z.number().int() }),
    'Print the report page to PDF with a local Chromium; returns where the file was written.',
    { dialog: 'save', field: 'path', title: 'Save the report as PDF' },
  ),
  'reports.exportCsv': procedure(
    ReportRequest.extend({ dir: z.string().min(1).optional() }).strict(),
    z.object({ dir: z.string(), files: z.array(z.string()) }),
    'Write every table of the report as a CSV file.',
    { dialog: 'folder', field: 'dir', title: 'Folder for the report tables (CSV)' },
  ),
};

export const resultsEvents = {
  'results.sourceChanged': ResultsSource,
};

/** RFC 4180 CSV of one table (shared by the core's export and the renderer's download). */
export function tableToCsv(table: Table): string {
  const cell = (v: z.infer<typeof Cell>): string => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
