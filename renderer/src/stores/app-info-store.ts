// The core's identity for the status line: version, data folder, database, transport.
import { create } from 'zustand';
import type { AppInfo } from '../../../main/contract/app.ts';
import { api } from '../api/core-api.ts';

interface AppInfoState {
  info?: AppInfo;
  error?: string;
  loading: boolean;
  load(): Promise<void>;
}

export const useAppInfo = create<AppInfoState>((set) => ({
  loading: false,
  async load() {
    set({ loading: true, error: undefined });
    try {
      set({ info: await api()['app.info']({}), loading: false });
    } catch (error) {
      set({ error: (error as Error).message, loading: false });
    }
  },
}));
