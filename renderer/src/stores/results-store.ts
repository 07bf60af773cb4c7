// Compare page state: results source, campaign, mode, baseline, hidden platforms and the datasets drawn.
// Platform toggles only hide series (no round trip), so a toggle redraws at once.
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
  selectSpread(benchmark: string, metric: string): Promise<void>;
  openSource(kind: 'database' | 'bundle', path: string): Promise<void>;
  closeSource(): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useResults = create<ResultsState>((set, get) => {
  async function loadFigures(): Promise<void> {
    const { campaignId, mode, baseline } = get();
    if (campaignId === undefined) return;
    set({ state: 'loading', error: undefined });
    try {
      const request = { campaignId, mode, ...(baseline ? { baseline } : {}) };
      const [figures, overview] = await Promise.all([api()['results.figures'](request), api()['results.overview']({ campaignId, ...(baseline ? { baseline } : {}) })]);
      if (get().campaignId !== campaignId) return;
      set({ figures, overview, baseline: figures.baseline, state: 'ready' });
      const first = get().spreadMetric;
      const spread = await api()['results.spread']({ campaignId, ...(first ?? {}) });
      const pick = first ?? spread.metrics[0];
      set({ spread: first || !pick ? spread : await api()['results.spread']({ campaignId, benchmark: pick.benchmark, metric: pick.metric }), spreadMetric: pick });
    } catch (e) {
      set({ state: 'error', error: message(e) });
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
        const [source, campaigns] = await Promise.all([api()['results.source']({}), api()['results.campaigns']({})]);
        set({ source, campaigns, campaignsState: 'ready' });
        const current = get().campaignId;
        const keep = campaigns.some((c) => c.id === current);
        if (!keep) set({ campaignId: undefined, figures: undefined, overview: undefined, spread: undefined, state: 'idle' });
        const next = keep ? current : campaigns.find((c) => c.runs.done > 0)?.id ?? campaigns[0]?.id;
        if (next !== undefined) await get().selectCampaign(next);
      } catch (e) {
        set({ campaignsState: 'error', error: message(e) });
      }
    },
    async selectCampaign(id) {
      if (get().campaignId !== id) set({ campaignId: id, baseline: undefined, hidden: new Set(), spreadMetric: undefined, figures: undefined, overview: undefined, spread: undefined });
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
