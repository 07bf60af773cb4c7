// Campaigns and their runs, kept live from the core's campaigns.* events, with a bounded log tail per run.
import { create } from 'zustand';
import type { AdaptivePoint, CampaignSummary, RunInfo } from '../../../main/contract/campaigns.ts';
import { api, coreTransport } from '../api/core-api.ts';
import { messageOf } from '../components/errors.ts';

export interface LogLine {
  stream: 'stdout' | 'stderr' | 'executor';
  line: string;
  at: number;
}
export const LOG_TAIL = 500;

interface CampaignsState {
  campaigns?: CampaignSummary[];
  loading: boolean;
  error?: string;
  selectedId?: number;
  detail?: { campaign: CampaignSummary; runs: RunInfo[]; adaptive?: AdaptivePoint[] };
  detailError?: string;
  selectedRunId?: number;
  /** Log lines by run id (the last LOG_TAIL of each). */
  logs: Record<number, LogLine[]>;
  /** Per-run progress (percent of its estimate) from campaigns.progress. */
  runPercent: Record<number, number>;
  busy: boolean;
  load(): Promise<void>;
  select(id: number | undefined): Promise<void>;
  refreshDetail(): Promise<void>;
  selectRun(id: number | undefined): void;
  start(scenario: string, version?: number, name?: string): Promise<CampaignSummary>;
  control(action: 'pause' | 'resume' | 'cancel', id: number): Promise<void>;
}

let subscribed = false;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

export const useCampaigns = create<CampaignsState>((set, get) => ({
  loading: false,
  logs: {},
  runPercent: {},
  busy: false,
  async load() {
    subscribe();
    set({ loading: true, error: undefined });
    try {
      const campaigns = await api()['campaigns.list']({});
      set({ campaigns, loading: false });
      const { selectedId } = get();
      if (selectedId === undefined && campaigns[0]) await get().select(campaigns[0].id);
    } catch (e) {
      set({ error: messageOf(e), loading: false });
    }
  },
  async select(id) {
    set({ selectedId: id, detail: id === get().detail?.campaign.id ? get().detail : undefined, detailError: undefined });
    if (id !== undefined) await get().refreshDetail();
  },
  async refreshDetail() {
    const id = get().selectedId;
    if (id === undefined) return;
    try {
      const detail = await api()['campaigns.status']({ id });
      if (get().selectedId !== id) return;
      set((s) => ({
        detail,
        detailError: undefined,
        campaigns: s.campaigns?.map((c) => (c.id === id ? detail.campaign : c)),
        // Follow the run under way unless the user picked one.
        selectedRunId:
          s.selectedRunId !== undefined && detail.runs.some((r) => r.id === s.selectedRunId)
            ? s.selectedRunId
            : (detail.runs.find((r) => r.state === 'running')?.id ?? detail.runs[0]?.id),
      }));
    } catch (e) {
      set({ detailError: messageOf(e) });
    }
  },
  selectRun(id) {
    set({ selectedRunId: id });
  },
  async start(scenario, version, name) {
    const c = await api()['campaigns.start']({ scenario, ...(version !== undefined ? { version } : {}), ...(name ? { name } : {}) });
    set({ selectedId: c.id, selectedRunId: undefined, detail: undefined });
    await get().load();
    await get().refreshDetail();
    return c;
  },
  async control(action, id) {
    set({ busy: true });
    try {
      const c = await api()[`campaigns.${action}`]({ id });
      set((s) => ({ campaigns: s.campaigns?.map((x) => (x.id === id ? c : x)) }));
    } finally {
      // Also after a refusal: a refused resume records why the campaign stays paused.
      await get().refreshDetail();
      set({ busy: false });
    }
  },
}));

/** Many events can arrive at once: coalesce them into one status call. */
function scheduleRefresh(campaignId: number): void {
  const state = useCampaigns.getState();
  if (refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void useCampaigns.getState().load();
    if (useCampaigns.getState().selectedId === campaignId) void useCampaigns.getState().refreshDetail();
  }, 400);
  if (state.campaigns && !state.campaigns.some((c) => c.id === campaignId)) void state.load();
}

function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  coreTransport().onEvent((m) => {
    switch (m.name) {
      case 'campaigns.log': {
        const { runId, stream, line } = m.payload;
        useCampaigns.setState((s) => ({ logs: { ...s.logs, [runId]: [...(s.logs[runId] ?? []).slice(-(LOG_TAIL - 1)), { stream, line, at: Date.now() }] } }));
        break;
      }
      case 'campaigns.progress': {
        const { runId, percent, campaignId, finished, planned } = m.payload;
        if (runId !== null && percent !== null) useCampaigns.setState((s) => ({ runPercent: { ...s.runPercent, [runId]: percent } }));
        useCampaigns.setState((s) => ({
          campaigns: s.campaigns?.map((c) => (c.id === campaignId ? { ...c, planned, done: Math.max(c.done, finished - c.failed) } : c)),
        }));
        if (runId === null) scheduleRefresh(campaignId);
        break;
      }
      case 'campaigns.state':
      case 'campaigns.runState':
        scheduleRefresh(m.payload.campaignId);
        break;
      default:
        break;
    }
  });
}
