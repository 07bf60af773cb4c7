// The report of a campaign as data: one section a page (a summary per platform, each figure that has data with its
// numbers, failures and anomalies, then method, lab and environment as appendices). The renderer's report page
// draws it; the PDF is that page printed.
import type { Database } from '../store/database.ts';
import type { CampaignData } from './figures.ts';
import { figuresFor } from './figures.ts';
import { figureSpecs } from '../analysis/figures.ts';
import { failureTable, figureTables, missingTable } from './tables.ts';
import { listResultsCampaigns } from '../store/queries/results-campaigns.ts';
import { campaignScenario, methodRows, type MethodRow } from '../store/queries/method.ts';
import type { FigureDataset, ReportModel, ReportSection, ReportSectionId, ResultsMode, ResultsSource, Table } from '../contract/results.ts';
import { REPORT_SECTIONS } from '../contract/results.ts';
import { environmentSection, labSection } from './lab.ts';
import { summarySections } from './summary.ts';
import { adaptiveMethod, adaptiveSummary } from './adaptive.ts';
import { verdictRule } from '../analysis/verdict.ts';

const FIGURE_TEXT: Record<string, string> = Object.fromEntries(figureSpecs().map((f) => [f.id, f.caption]));

/** 'runs' counts measured runs only; warm-ups (values discarded) get their own column when the campaign had any. */
function methodTable(rows: readonly MethodRow[]): Table {
  const warm = rows.some((r) => r.warmups > 0);
  return {
    id: 'method-runs',
    title: 'Benchmarks, versions and parameters',
    columns: ['benchmark', 'platform', 'version', 'compiler', 'parameters', 'nodes', 'runs', ...(warm ? ['warm-ups'] : []), 'repetitions'],
    rows: rows.map((r) => [r.benchmark, r.platform, r.version, r.compiler, r.params, r.nodes, r.runs, ...(warm ? [r.warmups] : []), r.repetitions]),
  };
}

function methodSection(db: Database, campaignId: number): ReportSection {
  const rows = methodRows(db, campaignId);
  const scenario = campaignScenario(db, campaignId);
  const commands = new Map<string, string>();
  for (const r of rows) if (r.command && !commands.has(r.benchmark)) commands.set(r.benchmark, (JSON.parse(r.command) as string[]).join(' '));
  const adaptive = adaptiveMethod(db, campaignId);
  return {
    id: 'method',
    title: 'Method',
    paragraphs: [
      scenario ? `Scenario ${scenario.name} v${scenario.version}${scenario.seed !== null ? `, run order randomized with seed ${scenario.seed}` : ''}.` : '',
      'Means with 95% Student-t confidence intervals; ratios to the baseline with Fieller intervals; groups with a coefficient of variation above 5% are flagged noisy.',
      verdictRule(),
      ...adaptive.paragraphs,
      ...[...commands].map(([b, cmd]) => `${b}: ${cmd}`),
    ].filter(Boolean),
    tables: [methodTable(rows), ...adaptive.tables],
  };
}

function failuresSection(data: CampaignData, figs: ReturnType<typeof figuresFor>): ReportSection {
  const noisy: Table = {
    id: 'anomalies-noisy',
    title: 'Noisy groups (coefficient of variation above 5%)',
    columns: ['platform', 'benchmark', 'metric', 'point', 'nodes', 'n', 'mean', 'cv'],
    rows: data.summaries
      .filter((s) => s.noisy)
      .map((s) => [
        s.platform,
        s.benchmark,
        s.metric,
        s.point,
        s.nodeCount,
        s.n,
        Number(s.mean.toPrecision(6)),
        s.cv === null ? null : Number(s.cv.toPrecision(3)),
      ]),
  };
  const failed: Table = {
    id: 'failures-runs',
    title: 'Runs without a result',
    columns: ['run', 'platform', 'benchmark', 'nodes', 'state', 'reason'],
    rows: data.failed.map((f) => [f.runId, f.platform, f.benchmark, f.nodeCount, f.state, f.reason]),
  };
  const missing = figs.map(missingTable).filter((t) => t.rows.length > 0);
  return {
    id: 'failures',
    title: 'Failures and anomalies',
    paragraphs: [
      `${data.failed.length} run(s) without a result, ${noisy.rows.length} noisy group(s), ${missing.reduce((s, t) => s + t.rows.length, 0)} group(s) not compared.`,
    ],
    tables: [failed, noisy, ...missing],
  };
}

/** Figures with data, and those (or panels) left empty although the campaign has runs of their benchmark; a figure of
 * a benchmark the campaign never ran is simply not there. */
function drawnFigures(
  figs: readonly FigureDataset[],
  ran: ReadonlySet<string>,
): { drawn: FigureDataset[]; leftOut: { id: string; title: string; panels?: string }[] } {
  const drawn: FigureDataset[] = [];
  const leftOut: { id: string; title: string; panels?: string }[] = [];
  const benchmarksOf = new Map(figureSpecs().map((f) => [f.id, new Map(f.panels.map((p) => [p.id, p.benchmark]))]));
  // Scaling panels are named after their point (`ep-time`): they belong to the figure's only benchmark.
  const planned = (figId: string, panelId?: string) => {
    const byPanel = benchmarksOf.get(figId);
    const names = panelId !== undefined && byPanel?.has(panelId) ? [byPanel.get(panelId)!] : [...(byPanel?.values() ?? [])];
    return names.some((b) => ran.has(b));
  };
  for (const fig of figs) {
    // A panel with a note (a speedup not defined at any count) keeps its frame: the note is drawn in it.
    const panels = fig.panels.filter((p) => p.series.some((s) => s.points.length > 0) || (p.notes?.length ?? 0) > 0);
    if (panels.length === 0) {
      if (planned(fig.id)) leftOut.push({ id: fig.id, title: fig.title });
      continue;
    }
    const empty = fig.panels.filter((p) => !panels.includes(p) && planned(fig.id, p.id));
    if (empty.length) leftOut.push({ id: fig.id, title: fig.title, panels: `panel${empty.length > 1 ? 's' : ''} ${empty.map((p) => p.title).join(', ')}` });
    drawn.push({ ...fig, panels });
  }
  return { drawn, leftOut };
}

/** Inventory, per-run and host tables come after the answer, as lettered appendices. */
const appendix = (letter: string, s: ReportSection): ReportSection => ({ ...s, title: `Appendix ${letter}: ${s.title.replace(/ appendix$/i, '')}` });

export interface ReportInput {
  db: Database;
  campaignId: number;
  data: CampaignData;
  mode: ResultsMode;
  source: ResultsSource;
  sections?: readonly ReportSectionId[];
  now?: Date;
}

export function buildReport(input: ReportInput): ReportModel {
  const { db, campaignId, data, mode } = input;
  const campaign = listResultsCampaigns(db).find((c) => c.id === campaignId);
  if (!campaign) throw new Error(`no campaign ${campaignId} in ${input.source.path}`);
  const wanted = new Set(input.sections ?? REPORT_SECTIONS);
  const figs = figuresFor(data, mode);
  const sections: ReportSection[] = [];
  const { drawn, leftOut } = drawnFigures(figs, new Set(data.benchmarks));
  for (const id of REPORT_SECTIONS) {
    if (!wanted.has(id)) continue;
    if (id === 'summary') sections.push(...summarySections(data, adaptiveSummary(db, campaignId)));
    else if (id === 'lab') sections.push(appendix('B', labSection(db, campaignId, data)));
    else if (id === 'method') sections.push(appendix('A', methodSection(db, campaignId)));
    else if (id === 'failures') sections.push(failuresSection(data, figs));
    else if (id === 'environment') sections.push(appendix('C', environmentSection(db, campaignId)));
    else {
      const fig = drawn.find((f) => f.id === id);
      if (!fig) continue;
      const failures = failureTable(fig);
      sections.push({
        id,
        title: fig.title,
        paragraphs: [FIGURE_TEXT[id] ?? '', ...(fig.notes ?? [])].concat(
          fig.failures.length ? [`${fig.failures.length} failed combination(s), listed below.`] : [],
        ),
        figure: fig,
        tables: [...figureTables(fig), ...(failures.rows.length ? [failures] : [])],
      });
    }
  }
  const notDrawn = leftOut.filter((f) => wanted.has(f.id as ReportSectionId));
  if (notDrawn.length) {
    // Said once, on the first page there is.
    sections[0]?.paragraphs.push(`Not drawn, no data in this campaign: ${notDrawn.map((f) => `${f.title}${f.panels ? ` (${f.panels})` : ''}`).join('; ')}.`);
  }
  return {
    title: `VirtLab report: ${campaign.name}`,
    campaign,
    baseline: data.baseline,
    mode,
    generatedAt: (input.now ?? new Date()).toISOString(),
    source: input.source,
    sections,
  };
}
