// Settings: theme (applied at start-up), the app's known host keys, and stored secrets by name.
import { create } from 'zustand';
import type { Output } from '../../../main/contract/procedures.ts';
import { api } from '../api/core-api.ts';
import { messageOf } from '../components/errors.ts';
import { applyTheme, storedTheme, type Theme } from '../theme/theme.ts';

export type KnownHosts = Output<'settings.knownHosts.list'>;
export type Secrets = Output<'settings.secrets.list'>;

interface Loadable<T> {
  data?: T;
  loading: boolean;
  error?: string;
}

interface SettingsState {
  theme: Theme;
  knownHosts: Loadable<KnownHosts>;
  secrets: Loadable<Secrets>;
  setTheme(t: Theme): void;
  loadKnownHosts(): Promise<void>;
  removeKnownHost(host: string, port: number): Promise<number>;
  loadSecrets(): Promise<void>;
  forgetSecret(name: string): Promise<void>;
}

export const useSettings = create<SettingsState>((set, get) => ({
  theme: storedTheme(),
  knownHosts: { loading: false },
  secrets: { loading: false },
  setTheme(theme) {
    applyTheme(theme);
    set({ theme });
  },
  async loadKnownHosts() {
    set((s) => ({ knownHosts: { ...s.knownHosts, loading: true, error: undefined } }));
    try {
      set({ knownHosts: { data: await api()['settings.knownHosts.list']({}), loading: false } });
    } catch (e) {
      set((s) => ({ knownHosts: { ...s.knownHosts, loading: false, error: messageOf(e) } }));
    }
  },
  async removeKnownHost(host, port) {
    const { removed } = await api()['settings.knownHosts.remove']({ host, port });
    await get().loadKnownHosts();
    return removed.length;
  },
  async loadSecrets() {
    set((s) => ({ secrets: { ...s.secrets, loading: true, error: undefined } }));
    try {
      set({ secrets: { data: await api()['settings.secrets.list']({}), loading: false } });
    } catch (e) {
      set((s) => ({ secrets: { ...s.secrets, loading: false, error: messageOf(e) } }));
    }
  },
  async forgetSecret(name) {
    await api()['settings.secrets.forget']({ name });
    await get().loadSecrets();
  },
}));

// The chosen theme applies before the first paint of any page, not only when Settings opens.
applyTheme(useSettings.getState().theme, false);
