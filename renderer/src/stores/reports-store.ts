// Reports page state: campaign, sections, the rendered report model and the last exports.
import { create } from 'zustand';
import { REPORT_SECTIONS, type ReportModel, type ReportSectionId, type ResultsMode } from '../../../main/contract/results.ts';
import { api } from '../api/core-api.ts';

interface ReportsState {
  campaignId?: number;
  sections: ReadonlySet<ReportSectionId>;
  mode: ResultsMode;
  report?: ReportModel;
  busy?: 'preview' | 'pdf' | 'csv';
  error?: string;
  exported?: { kind: 'pdf' | 'csv'; paths: string[] };
  setCampaign(id: number): void;
  toggleSection(id: ReportSectionId): void;
  setMode(mode: ResultsMode): void;
  preview(): Promise<void>;
  exportPdf(): Promise<void>;
  exportCsv(): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const useReports = create<ReportsState>((set, get) => {
  const request = () => {
    const { campaignId, sections, mode } = get();
    return { campaignId: campaignId!, mode, sections: REPORT_SECTIONS.filter((s) => sections.has(s)) };
  };
  async function run<T>(busy: ReportsState['busy'], fn: () => Promise<T>): Promise<T | undefined> {
    if (get().campaignId === undefined) return undefined;
    set({ busy, error: undefined });
    try {
      return await fn();
    } catch (e) {
      set({ error: message(e) });
      return undefined;
    } finally {
      set({ busy: undefined });
    }
  }
  return {
    sections: new Set(REPORT_SECTIONS),
    mode: 'relative',
    setCampaign: (id) => set({ campaignId: id, report: undefined, exported: undefined }),
    toggleSection(id) {
      const sections = new Set(get().sections);
      if (sections.has(id)) sections.delete(id);
      else sections.add(id);
      set({ sections });
    },
    setMode: (mode) => set({ mode }),
    async preview() {
      const report = await run('preview', () => api()['reports.render'](request()));
      if (report) set({ report });
    },
    async exportPdf() {
      const out = await run('pdf', () => api()['reports.exportPdf'](request()));
      if (out) set({ exported: { kind: 'pdf', paths: [out.path] } });
    },
    async exportCsv() {
      const out = await run('csv', () => api()['reports.exportCsv'](request()));
      if (out) set({ exported: { kind: 'csv', paths: out.files } });
    },
  };
});
