// Figures of a campaign for the Compare page and reports: the paper's figures (main/analysis/figures.ts) with each panel
// switched to absolute values or to values relative to the baseline, platforms filtered, and non-finite points listed
// as missing instead of drawn.
import type { Database } from '../store/database.ts';
import type { FigurePanelSpec, FigureSpec } from '../benchmarks/module.ts';
import {
  absolutePanel,
  figureOf,
  figureSpecs,
  figureTitle,
  relativePanel,
  scalingPanels,
  type FigureInput,
  type FigurePanel as AnalysisPanel,
} from '../analysis/figures.ts';
import type { FailedRun, GroupMoments, Summary } from '../analysis/types.ts';
import { comparePoints, sortByKeys, summarizeMoments } from '../analysis/summary.ts';
import {
  campaignBenchmarks,
  campaignMoments,
  campaignPlatformFacts,
  campaignPlatforms,
  loadFailedRuns,
  scenarioBaseline,
} from '../store/queries/comparison.ts';
import { emulationNote, emulatorOf } from '../lab-model/emulation.ts';
import type { FigureDataset, FigurePanel, FiguresResult, ResultsMode, ResultsPlatform, Unmatched } from '../contract/results.ts';

export interface FiguresOptions {
  baseline?: string;
  platforms?: readonly string[];
  mode: ResultsMode;
}

export interface CampaignData {
  baseline: string;
  platforms: ResultsPlatform[];
  /** Stored benchmark names the campaign has runs of (done or not). */
  benchmarks: string[];
  summaries: Summary[];
  failed: FailedRun[];
}

export class NoBaselineError extends Error {}

/**
 * Every group's summary from the metric rollup (n, sum, sum of squares, min, max per group, kept by triggers): the
 * cost grows with the number of groups, not with the values stored. Figures and the overview need no median.
 */
export function campaignSummaries(db: Database, campaignId: number): readonly Summary[] {
  const moments = campaignMoments(db, campaignId);
  let summaries = summarized.get(moments);
  if (!summaries) {
    summaries = Object.freeze(sortByKeys(moments.map((g) => Object.freeze(summarizeMoments(g)))));
    summarized.set(moments, summaries);
  }
  return summaries;
}

// Summaries of the rows campaignMoments remembers, as long as it remembers them (the same rows until the database
// changes): the Compare page's figures and overview summarize them once.
const summarized = new WeakMap<readonly GroupMoments[], readonly Summary[]>();

/** Summaries and failures of the campaign, filtered to the chosen platforms (the baseline always kept). */
export function loadCampaignData(db: Database, campaignId: number, options: Omit<FiguresOptions, 'mode'>): CampaignData {
  const platforms = campaignPlatforms(db, campaignId);
  // One rule everywhere: the baseline asked for, else the scenario's (never a platform flag or the first by name).
  const baseline = options.baseline ?? scenarioBaseline(db, campaignId);
  if (!baseline) throw new NoBaselineError(`campaign ${campaignId}: its scenario names no baseline`);
  if (!platforms.some((p) => p.name === baseline)) throw new NoBaselineError(`platform ${baseline} has no runs in campaign ${campaignId}`);
  const keep = (p: string) => p === baseline || !options.platforms || options.platforms.includes(p);
  const emulators = platformEmulators(db, campaignId);
  return {
    baseline,
    platforms: platforms.map((p) => ({ ...p, isBaseline: p.name === baseline, ...(emulators.has(p.name) ? { emulator: emulators.get(p.name)! } : {}) })),
    benchmarks: campaignBenchmarks(db, campaignId),
    summaries: campaignSummaries(db, campaignId).filter((s) => keep(s.platform)),
    failed: loadFailedRuns(db, campaignId).filter((f) => keep(f.platform)),
  };
}

/** Platforms whose runs' facts show an emulator (QEMU's TCG), with its name. */
function platformEmulators(db: Database, campaignId: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of campaignPlatformFacts(db, campaignId)) {
    if (out.has(r.platform)) continue;
    let facts: unknown;
    try {
      facts = JSON.parse(r.json);
    } catch {
      continue;
    }
    const emulator = emulatorOf(facts);
    if (emulator) out.set(r.platform, emulator);
  }
  return out;
}

/** The emulation notes of the platforms drawn in a figure (in the platforms' order). */
export function emulationNotes(platforms: readonly ResultsPlatform[], drawn: ReadonlySet<string>): string[] {
  return platforms.filter((p) => p.emulator && drawn.has(p.name)).map((p) => emulationNote(p.name, p.emulator!));
}

// A panel of the module's (benchmark, metric), drawn absolute or relative to the baseline as the mode asks.
function panelOf(
  input: FigureInput,
  p: Pick<FigurePanelSpec, 'id' | 'title' | 'xLabel' | 'benchmark' | 'metric'>,
  relative: boolean,
): { panel: AnalysisPanel; missing: Unmatched[] } {
  const missing: Unmatched[] = [];
  const panel = relative
    ? relativePanel(input, p.id, p.title, p.xLabel, p.benchmark, p.metric, missing)
    : absolutePanel(input, p.id, p.title, p.xLabel, p.benchmark, p.metric);
  return { panel, missing };
}

function finish(
  fig: FigureSpec,
  failures: FigureDataset['failures'],
  panels: { panel: AnalysisPanel; scale: FigurePanel['scale'] }[],
  missing: Unmatched[],
  baseline: string,
): FigureDataset {
  const extra: Unmatched[] = [];
  const out = panels.map(({ panel, scale }) =>
    withUndrawn(
      {
        ...panel,
        scale,
        logX: fig.logX,
        series: panel.series.map((s) => ({
          ...s,
          points: s.points
            .filter((p) => {
              if (Number.isFinite(p.mean)) return true;
              // Named as the reader sees it: the panel's title and its x ("IS run time nodes 1"), not its axis name.
              extra.push({
                platform: s.platform,
                benchmark: panel.id,
                metric: panel.title,
                point: `${panel.xLabel} ${p.x}`,
                nodeCount: 1,
                reason: `not computable (${baseline}'s mean is 0)`,
              });
              return false;
            })
            .map((p) => ({ ...p, ci: p.ci && Number.isFinite(p.ci.low) && Number.isFinite(p.ci.high) ? p.ci : null })),
        })),
      },
      panel,
    ),
  );
  return { id: fig.id, title: fig.title, panels: out, failures, missing: [...missing, ...extra] };
}

/** The xs of `before` no platform has a point at any more (not computable there) stay on the panel's x axis. */
function withUndrawn(after: FigurePanel, before: AnalysisPanel): FigurePanel {
  const drawn = new Set(after.series.flatMap((s) => s.points.map((p) => p.x)));
  const all = [...before.series.flatMap((s) => s.points.map((p) => p.x)), ...(before.undrawnXs ?? [])];
  const undrawn = [...new Set(all)].filter((x) => !drawn.has(x)).sort(comparePoints);
  return undrawn.length ? { ...after, undrawnXs: undrawn } : after;
}

/** Per mode: which panels are drawn relative (ratio or percent) and which absolute, for every module's figures. */
export function figuresFor(data: CampaignData, mode: ResultsMode): FigureDataset[] {
  const input: FigureInput = { summaries: data.summaries, failed: data.failed, baseline: data.baseline };
  const rel = mode === 'relative';
  const better = (benchmark: string, metric: string) => data.summaries.find((s) => s.benchmark === benchmark && s.metric === metric)?.better ?? 'lower';
  const scaleOf = (benchmark: string, metric: string): FigurePanel['scale'] =>
    !rel ? 'absolute' : better(benchmark, metric) === 'higher' ? 'percent' : 'ratio';

  return figureSpecs().map((spec) => {
    const missing: Unmatched[] = [];
    const panels = spec.panels.flatMap((p) => {
      if (p.kind !== 'scaling') {
        const made = panelOf(input, p, rel);
        missing.push(...made.missing);
        return [{ panel: made.panel, scale: scaleOf(p.benchmark, p.metric) }];
      }
      // Scaling: value per node count (absolute, or relative to the baseline at the same node count), and speedup.
      const rows = data.summaries.filter((s) => s.benchmark === p.benchmark && s.metric === p.metric);
      return scalingPanels(input, p).map((panel) => {
        if (panel.id.endsWith('-speedup') || !rel) return { panel, scale: (panel.id.endsWith('-speedup') ? 'speedup' : 'absolute') as FigurePanel['scale'] };
        const point = panel.id.slice(0, -'-time'.length);
        const perNodes = rows.filter((s) => s.point === point).map((s) => ({ ...s, point: String(s.nodeCount), nodeCount: 1 }));
        const made = panelOf({ ...input, summaries: perNodes }, { ...p, id: panel.id, title: panel.title }, true);
        missing.push(...made.missing.map((m) => ({ ...m, point, nodeCount: Number(m.point) })));
        return {
          panel: { ...made.panel, id: panel.id, title: panel.title, xLabel: panel.xLabel },
          scale: scaleOf(p.benchmark, p.metric) === 'percent' ? ('percent' as const) : ('ratio' as const),
        };
      });
    });
    const fig = finish({ ...spec, title: figureTitle(spec, data.baseline) }, figureOf(input, spec).failures, panels, missing, data.baseline);
    const drawn = new Set(fig.panels.flatMap((p) => p.series.filter((x) => x.points.length > 0).map((x) => x.platform)));
    // A panel's notes (what it leaves undrawn and why) are the figure's too: Compare and the report print them.
    const notes = [...new Set(fig.panels.flatMap((p) => p.notes ?? []))].concat(emulationNotes(data.platforms, drawn));
    return notes.length ? { ...fig, notes } : fig;
  });
}

export function campaignFiguresResult(db: Database, campaignId: number, options: FiguresOptions): FiguresResult {
  const data = loadCampaignData(db, campaignId, options);
  return { campaignId, baseline: data.baseline, mode: options.mode, platforms: data.platforms, figures: figuresFor(data, options.mode) };
}
