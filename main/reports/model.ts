// The report of a campaign as data: one section a page (lab, method, each figure with its numbers, failures and
// anomalies, environment). The renderer's report page draws it; the PDF is that page printed.
import type { Database } from 'better-sqlite3';
import type { CampaignData } from './figures.ts';
import { figuresFor } from './figures.ts';
import { failureTable, figureTables, missingTable } from './tables.ts';
import { listResultsCampaigns } from './campaigns.ts';
import type { ReportModel, ReportSection, ReportSectionId, ResultsMode, ResultsSource, Table } from '../contract/results.ts';
import { REPORT_SECTIONS } from '../contract/results.ts';

const FIGURE_TEXT: Record<string, string> = {
  fig1a: 'Netperf TCP_RR half round-trip latency by message size (Walters et al. 2008, Fig. 1a).',
  fig1b: 'Netperf TCP_STREAM bandwidth (Fig. 1b). Relative values are percent of the baseline: 100 = like the baseline.',
  fig2: 'IOzone writer and reader throughput by file size (Fig. 2).',
  fig3: 'NPB serial and OpenMP execution time per kernel (Fig. 3). Relative values are ratios to the baseline: 1.0 = like the baseline, above = slower.',
  fig4: 'NPB MPI run time and speedup over the smallest node count, per kernel (Fig. 4).',
};

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function labSection(db: Database, campaignId: number, data: CampaignData): ReportSection {
  const endpoints = db.prepare(`SELECT p.name AS platform, h.name AS host, e.ordinal AS ordinal,
      (SELECT json FROM facts_snapshots f WHERE f.endpoint_id = e.id ORDER BY taken_at DESC LIMIT 1) AS facts
    FROM platform_endpoints e JOIN platforms p ON p.id = e.platform_id JOIN hosts h ON h.id = e.host_id
    WHERE p.id IN (SELECT DISTINCT platform_id FROM runs WHERE campaign_id = ?) ORDER BY p.is_baseline DESC, p.name, e.ordinal`)
    .all(campaignId) as { platform: string; host: string; ordinal: number; facts: string | null }[];
  const hw = (facts: string | null, keys: string[]): string => {
    if (!facts) return '';
    const f = JSON.parse(facts) as Record<string, unknown>;
    for (const k of keys) if (f[k] !== undefined) return str(f[k]);
    return '';
  };
  return {
    id: 'lab', title: 'Lab and hardware',
    paragraphs: [`${data.platforms.length} platform(s) compared against ${data.baseline} (the baseline).`],
    tables: [
      {
        id: 'lab-platforms', title: 'Platforms', columns: ['platform', 'technology', 'product', 'version', 'baseline'],
        rows: data.platforms.map((p) => [p.name, p.technology, p.product, p.version, p.name === data.baseline]),
      },
      {
        id: 'lab-endpoints', title: 'Endpoints', columns: ['platform', 'host', 'rank', 'cpu', 'cores', 'memory', 'kernel'],
        rows: endpoints.map((e) => [e.platform, e.host, e.ordinal, hw(e.facts, ['cpuModel', 'cpu']), hw(e.facts, ['cores', 'cpus', 'nproc']),
          hw(e.facts, ['memoryBytes', 'memory', 'memTotal']), hw(e.facts, ['kernel', 'kernelRelease'])]),
      },
    ],
  };
}

function methodSection(db: Database, campaignId: number): ReportSection {
  const rows = db.prepare(`SELECT r.benchmark AS benchmark, p.name AS platform, COALESCE(r.benchmark_version, '') AS version,
      COALESCE(r.compiler_version, '') AS compiler, r.params_json AS params, r.node_count AS nodes, COUNT(*) AS runs,
      MAX(r.repetition) + 1 AS repetitions, MIN(r.command) AS command
    FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ?
    GROUP BY r.benchmark, p.name, version, compiler, r.params_json, r.node_count ORDER BY r.benchmark, p.is_baseline DESC, p.name, r.node_count`)
    .all(campaignId) as { benchmark: string; platform: string; version: string; compiler: string; params: string; nodes: number; runs: number; repetitions: number; command: string | null }[];
  const scenario = db.prepare('SELECT s.name, s.version, c.seed FROM campaigns c JOIN scenarios s ON s.id = c.scenario_id WHERE c.id = ?')
    .get(campaignId) as { name: string; version: number; seed: number | null } | undefined;
  const commands = new Map<string, string>();
  for (const r of rows) if (r.command && !commands.has(r.benchmark)) commands.set(r.benchmark, (JSON.parse(r.command) as string[]).join(' '));
  return {
    id: 'method', title: 'Method',
    paragraphs: [
      scenario ? `Scenario ${scenario.name} v${scenario.version}${scenario.seed !== null ? `, run order randomized with seed ${scenario.seed}` : ''}.` : '',
      'Means with 95% Student-t confidence intervals; ratios with Fieller intervals; guest vs baseline by Welch\'s t-test at alpha 0.05; groups with a coefficient of variation above 5% are flagged noisy.',
      ...[...commands].map(([b, cmd]) => `${b}: ${cmd}`),
    ].filter(Boolean),
    tables: [{
      id: 'method-runs', title: 'Benchmarks, versions and parameters', columns: ['benchmark', 'platform', 'version', 'compiler', 'parameters', 'nodes', 'runs', 'repetitions'],
      rows: rows.map((r) => [r.benchmark, r.platform, r.version, r.compiler, r.params, r.nodes, r.runs, r.repetitions]),
    }],
  };
}

function failuresSection(data: CampaignData, figs: ReturnType<typeof figuresFor>): ReportSection {
  const noisy: Table = {
    id: 'anomalies-noisy', title: 'Noisy groups (coefficient of variation above 5%)', columns: ['platform', 'benchmark', 'metric', 'point', 'nodes', 'n', 'mean', 'cv'],
    rows: data.summaries.filter((s) => s.noisy).map((s) => [s.platform, s.benchmark, s.metric, s.point, s.nodeCount, s.n, Number(s.mean.toPrecision(6)), s.cv === null ? null : Number(s.cv.toPrecision(3))]),
  };
  const failed: Table = {
    id: 'failures-runs', title: 'Runs without a result', columns: ['run', 'platform', 'benchmark', 'nodes', 'state', 'reason'],
    rows: data.failed.map((f) => [f.runId, f.platform, f.benchmark, f.nodeCount, f.state, f.reason]),
  };
  const missing = figs.map(missingTable).filter((t) => t.rows.length > 0);
  return {
    id: 'failures', title: 'Failures and anomalies',
    paragraphs: [`${data.failed.length} run(s) without a result, ${noisy.rows.length} noisy group(s), ${missing.reduce((s, t) => s + t.rows.length, 0)} group(s) not compared.`],
    tables: [failed, noisy, ...missing],
  };
}

function flatten(value: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.push([prefix, typeof value === 'string' ? value : JSON.stringify(value)]);
  return out;
}

function environmentSection(db: Database, campaignId: number): ReportSection {
  const snaps = db.prepare(`SELECT h.name AS host, f.taken_at AS takenAt, f.json AS json FROM facts_snapshots f
      JOIN platform_endpoints e ON e.id = f.endpoint_id JOIN hosts h ON h.id = e.host_id
    WHERE f.id IN (SELECT DISTINCT facts_snapshot_id FROM runs WHERE campaign_id = ? AND facts_snapshot_id IS NOT NULL)
      OR f.id IN (SELECT MAX(f2.id) FROM facts_snapshots f2 JOIN platform_endpoints e2 ON e2.id = f2.endpoint_id
        WHERE e2.platform_id IN (SELECT DISTINCT platform_id FROM runs WHERE campaign_id = ?) GROUP BY f2.endpoint_id)
    ORDER BY h.name, f.taken_at`).all(campaignId, campaignId) as { host: string; takenAt: number; json: string }[];
  const versions = db.prepare(`SELECT DISTINCT r.benchmark, p.name AS platform, r.benchmark_version AS version, r.compiler_version AS compiler
    FROM runs r JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ? ORDER BY r.benchmark, p.name`)
    .all(campaignId) as { benchmark: string; platform: string; version: string | null; compiler: string | null }[];
  return {
    id: 'environment', title: 'Environment appendix',
    paragraphs: snaps.length ? [`Facts collected from ${new Set(snaps.map((s) => s.host)).size} host(s).`] : ['No facts were collected for this campaign\'s endpoints.'],
    tables: [
      { id: 'environment-versions', title: 'Software versions', columns: ['benchmark', 'platform', 'version', 'compiler'], rows: versions.map((v) => [v.benchmark, v.platform, v.version, v.compiler]) },
      {
        id: 'environment-facts', title: 'Host facts', columns: ['host', 'taken', 'fact', 'value'],
        rows: snaps.flatMap((s) => flatten(JSON.parse(s.json)).map(([k, v]) => [s.host, new Date(s.takenAt).toISOString(), k, v])),
      },
    ],
  };
}

export interface ReportInput {
  db: Database; campaignId: number; data: CampaignData; mode: ResultsMode; source: ResultsSource; sections?: readonly ReportSectionId[]; now?: Date;
}

export function buildReport(input: ReportInput): ReportModel {
  const { db, campaignId, data, mode } = input;
  const campaign = listResultsCampaigns(db).find((c) => c.id === campaignId);
  if (!campaign) throw new Error(`no campaign ${campaignId} in ${input.source.path}`);
  const wanted = new Set(input.sections ?? REPORT_SECTIONS);
  const figs = figuresFor(data, mode);
  const sections: ReportSection[] = [];
  for (const id of REPORT_SECTIONS) {
    if (!wanted.has(id)) continue;
    if (id === 'lab') sections.push(labSection(db, campaignId, data));
    else if (id === 'method') sections.push(methodSection(db, campaignId));
    else if (id === 'failures') sections.push(failuresSection(data, figs));
    else if (id === 'environment') sections.push(environmentSection(db, campaignId));
    else {
      const fig = figs.find((f) => f.id === id)!;
      const failures = failureTable(fig);
      sections.push({
        id, title: fig.title, paragraphs: [FIGURE_TEXT[id] ?? ''].concat(fig.failures.length ? [`${fig.failures.length} failed combination(s), listed below.`] : []),
        figure: fig, tables: [...figureTables(fig), ...(failures.rows.length ? [failures] : [])],
      });
    }
  }
  return {
    title: `VirtLab report: ${campaign.name}`, campaign, baseline: data.baseline, mode,
    generatedAt: (input.now ?? new Date()).toISOString(), source: input.source, sections,
  };
}
