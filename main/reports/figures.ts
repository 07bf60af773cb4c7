// Figures of a campaign for the Compare page and reports: the paper's figures (main/analysis/figures.ts) with each panel
// switched to absolute values or to values relative to the baseline, platforms filtered, and non-finite points listed
// as missing instead of drawn.
import type { Database } from 'better-sqlite3';
import {
  DEFAULT_CONVENTIONS, allFigures, figure1a, figure1b, type FigureDataset as AnalysisDataset, type FigureInput, type FigurePanel as AnalysisPanel,
} from '../analysis/figures.ts';
import type { FailedRun, Summary } from '../analysis/types.ts';
import { campaignRawSummaries } from './campaign-cache.ts';
import { campaignPlatforms, loadFailedRuns, scenarioBaseline } from '../store/queries/comparison.ts';
import type { FigureDataset, FigurePanel, FiguresResult, ResultsMode, ResultsPlatform, Unmatched } from '../contract/results.ts';

export interface FiguresOptions { baseline?: string; platforms?: readonly string[]; mode: ResultsMode }

export interface CampaignData {
  baseline: string;
  platforms: ResultsPlatform[];
  summaries: Summary[];
  failed: FailedRun[];
}

export class NoBaselineError extends Error {}

/** Summaries and failures of the campaign, filtered to the chosen platforms (the baseline always kept). */
export function loadCampaignData(db: Database, campaignId: number, options: Omit<FiguresOptions, 'mode'>): CampaignData {
  const platforms = campaignPlatforms(db, campaignId);
  // One rule everywhere: the baseline asked for, else the scenario's (never a platform flag or the first by name).
  const baseline = options.baseline ?? scenarioBaseline(db, campaignId);
  if (!baseline) throw new NoBaselineError(`campaign ${campaignId}: its scenario names no baseline`);
  if (!platforms.some((p) => p.name === baseline)) throw new NoBaselineError(`platform ${baseline} has no runs in campaign ${campaignId}`);
  const keep = (p: string) => p === baseline || !options.platforms || options.platforms.includes(p);
  return {
    baseline,
    platforms: platforms.map((p) => ({ ...p, isBaseline: p.name === baseline })),
    summaries: campaignRawSummaries(db, campaignId).filter((s) => keep(s.platform)),
    failed: loadFailedRuns(db, campaignId).filter((f) => keep(f.platform)),
  };
}

// A panel of any benchmark/metric, through the pure figure functions: 1a draws absolute values, 1b relative ones.
function panelOf(input: FigureInput, benchmark: string, metric: string, relative: boolean): { panel: AnalysisPanel; missing: Unmatched[] } {
  const conventions = { ...DEFAULT_CONVENTIONS, netperf: { benchmark, latency: metric, bandwidth: metric } };
  const fig = (relative ? figure1b : figure1a)({ ...input, conventions });
  return { panel: fig.panels[0]!, missing: fig.missing };
}

const LOG_X = new Set(['fig1a', 'fig1b', 'fig2']);

function finish(fig: AnalysisDataset, panels: { panel: AnalysisPanel; scale: FigurePanel['scale'] }[], missing: Unmatched[]): FigureDataset {
  const extra: Unmatched[] = [];
  const out = panels.map(({ panel, scale }) => ({
    ...panel, scale, logX: LOG_X.has(fig.id) || panel.id.endsWith('-time') || panel.id.endsWith('-speedup'),
    series: panel.series.map((s) => ({
      ...s,
      points: s.points.filter((p) => {
        if (Number.isFinite(p.mean)) return true;
        extra.push({ platform: s.platform, benchmark: panel.id, metric: panel.yLabel, point: p.x, nodeCount: 1, reason: 'not computable (the baseline mean is 0)' });
        return false;
      }).map((p) => ({ ...p, ci: p.ci && Number.isFinite(p.ci.low) && Number.isFinite(p.ci.high) ? p.ci : null })),
    })),
  }));
  return { id: fig.id, title: fig.title, panels: out, failures: fig.failures, missing: [...missing, ...extra] };
}

/** Per mode: which panels are drawn relative (ratio or percent) and which absolute. */
export function figuresFor(data: CampaignData, mode: ResultsMode): FigureDataset[] {
  const input: FigureInput = { summaries: data.summaries, failed: data.failed, baseline: data.baseline };
  const c = DEFAULT_CONVENTIONS;
  const rel = mode === 'relative';
  const better = (benchmark: string, metric: string) => data.summaries.find((s) => s.benchmark === benchmark && s.metric === metric)?.better ?? 'lower';
  const scaleOf = (benchmark: string, metric: string): FigurePanel['scale'] => (!rel ? 'absolute' : better(benchmark, metric) === 'higher' ? 'percent' : 'ratio');
  const paper = allFigures(input);
  const byId = (id: string) => paper.find((f) => f.id === id)!;
  const retitle = (p: AnalysisPanel, like: AnalysisPanel): AnalysisPanel => ({ ...p, id: like.id, title: like.title, xLabel: like.xLabel });

  const simple = (id: 'fig1a' | 'fig1b' | 'fig2' | 'fig3', parts: [string, string][]): FigureDataset => {
    const fig = byId(id);
    const missing: Unmatched[] = [];
    const panels = parts.map(([benchmark, metric], i) => {
      const made = panelOf(input, benchmark, metric, rel);
      missing.push(...made.missing);
      return { panel: retitle(made.panel, fig.panels[i]!), scale: scaleOf(benchmark, metric) };
    });
    return finish(fig, panels, missing);
  };

  // Fig. 4: run time per node count (absolute or relative to the baseline at the same node count), and speedup.
  const fig4 = byId('fig4');
  const mpiRows = data.summaries.filter((s) => s.benchmark === c.npb.mpi && s.metric === c.npb.time);
  const fig4Missing: Unmatched[] = [];
  const fig4Panels = fig4.panels.map((panel) => {
    if (panel.id.endsWith('-speedup') || !rel) return { panel, scale: (panel.id.endsWith('-speedup') ? 'speedup' : 'absolute') as FigurePanel['scale'] };
    const kernel = panel.id.slice(0, -'-time'.length);
    const perNodes = mpiRows.filter((s) => s.point === kernel).map((s) => ({ ...s, point: String(s.nodeCount), nodeCount: 1 }));
    const made = panelOf({ ...input, summaries: perNodes }, c.npb.mpi, c.npb.time, true);
    fig4Missing.push(...made.missing.map((m) => ({ ...m, point: kernel, nodeCount: Number(m.point) })));
    return { panel: retitle(made.panel, panel), scale: 'ratio' as const };
  });

  return [
    simple('fig1a', [[c.netperf.benchmark, c.netperf.latency]]),
    simple('fig1b', [[c.netperf.benchmark, c.netperf.bandwidth]]),
    simple('fig2', [[c.iozone.benchmark, c.iozone.write], [c.iozone.benchmark, c.iozone.read]]),
    simple('fig3', [[c.npb.serial, c.npb.time], [c.npb.openmp, c.npb.time]]),
    finish(fig4, fig4Panels, fig4Missing),
  ];
}

export function campaignFiguresResult(db: Database, campaignId: number, options: FiguresOptions): FiguresResult {
  const data = loadCampaignData(db, campaignId, options);
  return { campaignId, baseline: data.baseline, mode: options.mode, platforms: data.platforms, figures: figuresFor(data, options.mode) };
}
