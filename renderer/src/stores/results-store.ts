// Compare page state: results source, campaign, mode, baseline, hidden platforms and the datasets drawn.
// Platform toggles only change `hidden` (no round trip, no new datasets): charts apply it as a legend action.
import { create } from 'zustand';
import type { FiguresResult, OverviewResult, ResultsCampaign, ResultsMode, ResultsSource, SpreadResult } from '../../../main/contract/results.ts';
import { api } from '../api/core-api.ts';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface ResultsState {
  source?: ResultsSource;
  campaigns: ResultsCampaign[];
  campaignsState: LoadState;
  campaignId?: number;
  mode: ResultsMode;
  baseline?: string;
  hidden: ReadonlySet<string>;
  figures?: FiguresResult;
  overview?: OverviewResult;
  spread?: SpreadResult;
  spreadMetric?: { benchmark: string; metric: string };
  state: LoadState;
  error?: string;
  sourceError?: string;
  loadCampaigns(): Promise<void>;
  selectCampaign(id: number): Promise<void>;
  setMode(mode: ResultsMode): Promise<void>;
  setBaseline(baseline: string): Promise<void>;
  togglePlatform(platform: string): void;
  /** Shows or hides a platform (a legend click in a chart); no change when it already is. */
  setPlatformShown(platform: string, shown: boolean): void;
  selectSpread(benchmark: string, metric: string): Promise<void>;
  openSource(kind: 'database' | 'bundle', path: string): Promise<void>;
  closeSource(): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useResults = create<ResultsState>((set, get) => {
  let loads = 0;
  /** Loads the chosen campaign's datasets; `latest`: none chosen yet, the core answers for the campaign the list would
   * open on (each answer names it), so the first draw does not wait for the list. */
  async function loadFigures(latest = false): Promise<void> {
    const { campaignId, mode, baseline, spreadMetric } = get();
    if (campaignId === undefined && !latest) return;
    set({ state: 'loading', error: undefined });
    const mine = ++loads;
    // A newer load (another campaign, mode or baseline) owns the state from now on.
    const stale = () => loads !== mine;
    // All three asked at once, figures first (the core answers in order): the figures draw as soon as they arrive,
    // the overview and the spread when theirs do.
    const chosen = campaignId !== undefined ? { campaignId } : {};
    const base = { ...chosen, ...(baseline ? { baseline } : {}) };
    const figuresCall = api()['results.figures']({ ...base, mode });
    const overviewCall = api()['results.overview'](base);
    const spreadCall = api()['results.spread']({ ...chosen, ...(spreadMetric ?? {}) });
    // Handled here so a call left unawaited (stale load, earlier error) never rejects unhandled.
    for (const call of [overviewCall, spreadCall]) call.catch(() => undefined);
    try {
      const figures = await figuresCall;
      if (stale()) return;
      set({ campaignId: figures.campaignId, figures, baseline: figures.baseline, state: 'ready' });
      const overview = await overviewCall;
      if (stale()) return;
      // Asked without a campaign, a later answer can be about another one (a campaign's first run finished between
      // the calls): the campaign of the figures is asked again by its id.
      if (overview.campaignId !== figures.campaignId) return await loadFigures();
      set({ overview });
      const spread = await spreadCall;
      if (stale()) return;
      if (spread.campaignId !== figures.campaignId) return await loadFigures();
      // Without a chosen metric the core sends every group: keep the first metric's (no second round trip).
      const pick = spreadMetric ?? spread.metrics[0];
      set({
        spread: spreadMetric || !pick ? spread : { ...spread, groups: spread.groups.filter((g) => g.benchmark === pick.benchmark && g.metric === pick.metric) },
        // By benchmark and metric only: the spread request takes no more (the listed metric also carries its unit).
        spreadMetric: pick && { benchmark: pick.benchmark, metric: pick.metric },
      });
    } catch (e) {
      // Without a campaign chosen, the list decides what to show (an empty source has nothing to answer for).
      if (!stale()) set(latest && get().figures === undefined ? { state: 'idle' } : { state: 'error', error: message(e) });
    }
  }

  return {
    campaigns: [],
    campaignsState: 'idle',
    mode: 'relative',
    hidden: new Set(),
    state: 'idle',
    async loadCampaigns() {
      set({ campaignsState: 'loading', error: undefined });
      try {
        // No campaign chosen yet: its datasets are asked before the list (which takes longer to answer), once the
        // source says it holds a campaign at all (an empty one has nothing to answer for).
        const source = await api()['results.source']({});
        const early = get().campaignId === undefined && source.campaigns > 0 ? loadFigures(true) : undefined;
        const campaigns = await api()['results.campaigns']({});
        set({ source, campaigns, campaignsState: 'ready' });
        // The early answers name the campaign the list opens on: once they are in, the list keeps it.
        await early;
        const loaded = early && get().figures ? get().campaignId : undefined;
        const current = get().campaignId;
        const keep = campaigns.some((c) => c.id === current);
        if (!keep) set({ campaignId: undefined, figures: undefined, overview: undefined, spread: undefined, state: 'idle' });
        const next = keep ? current : (campaigns.find((c) => c.runs.done > 0)?.id ?? campaigns[0]?.id);
        if (next !== undefined && next !== loaded) await get().selectCampaign(next);
      } catch (e) {
        set({ campaignsState: 'error', error: message(e) });
      }
    },
    async selectCampaign(id) {
      if (get().campaignId !== id)
        set({ campaignId: id, baseline: undefined, hidden: new Set(), spreadMetric: undefined, figures: undefined, overview: undefined, spread: undefined });
      await loadFigures();
    },
    async setMode(mode) {
      set({ mode });
      await loadFigures();
    },
    async setBaseline(baseline) {
      set({ baseline, hidden: new Set([...get().hidden].filter((p) => p !== baseline)) });
      await loadFigures();
    },
    togglePlatform(platform) {
      const hidden = new Set(get().hidden);
      if (hidden.has(platform)) hidden.delete(platform);
      else hidden.add(platform);
      set({ hidden });
    },
    setPlatformShown(platform, shown) {
      if (get().hidden.has(platform) === !shown) return;
      get().togglePlatform(platform);
    },
    async selectSpread(benchmark, metric) {
      const { campaignId } = get();
      if (campaignId === undefined) return;
      set({ spreadMetric: { benchmark, metric } });
      try {
        set({ spread: await api()['results.spread']({ campaignId, benchmark, metric }) });
      } catch (e) {
        set({ error: message(e) });
      }
    },
    async openSource(kind, path) {
      set({ sourceError: undefined });
      try {
        const source = kind === 'bundle' ? await api()['results.openBundle']({ path }) : await api()['results.openDatabase']({ path });
        set({ source, campaignId: undefined });
        await get().loadCampaigns();
      } catch (e) {
        set({ sourceError: message(e) });
      }
    },
    async closeSource() {
      set({ sourceError: undefined });
      try {
        set({ source: await api()['results.closeSource']({}), campaignId: undefined });
        await get().loadCampaigns();
      } catch (e) {
        set({ sourceError: message(e) });
      }
    },
  };
});
