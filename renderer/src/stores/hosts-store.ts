// Hosts and guests of the lab, their reachability (checked per host, so one slow host never blocks another),
// and the host-key questions the core asks while connecting (hosts.hostKeyPrompt events).
import { create } from 'zustand';
import type { TechnologyVerdict } from '../../../main/contract/technology-check.ts';
import type { HostKeyPrompt, HostRecord, HostRecordInput } from '../../../main/contract/hosts.ts';
import type { Output } from '../../../main/contract/procedures.ts';
import { api, coreTransport } from '../api/core-api.ts';
import { messageOf } from '../components/errors.ts';

export type CheckResult = Output<'hosts.check'>[number];
export interface CheckState {
  state: 'checking' | 'done';
  result?: CheckResult;
  error?: string;
  at: number;
}
export type ImportPreview = Output<'hosts.importSshConfig'>;

export type FactsSnapshot = Output<'facts.latest'>[number];
export interface FactsState {
  state: 'probing' | 'done';
  snapshot?: FactsSnapshot;
  verdict?: TechnologyVerdict;
  error?: string;
}

export interface HostNotice {
  id: number;
  kind: 'first-contact' | 'refused';
  message: string;
}

interface HostsState {
  hosts?: HostRecord[];
  loading: boolean;
  error?: string;
  checks: Record<string, CheckState>;
  facts: Record<string, FactsState>;
  prompts: HostKeyPrompt[];
  notices: HostNotice[];
  load(): Promise<void>;
  add(host: HostRecordInput): Promise<HostRecord>;
  update(name: string, host: HostRecordInput): Promise<HostRecord>;
  remove(name: string): Promise<void>;
  /** Checks each host on its own; resolves when all have answered. */
  check(names: readonly string[]): Promise<void>;
  checkOne(name: string): Promise<CheckResult | undefined>;
  /** Probes facts after a successful check (the connection is then known to work). */
  loadFacts(name: string): Promise<void>;
  /** Facts and verdicts already stored, without connecting. */
  loadStoredFacts(): Promise<void>;
  importSshConfig(source: { path?: string; text?: string }, save: boolean): Promise<ImportPreview>;
  answerHostKey(requestId: string, accept: boolean): Promise<void>;
  dismissNotice(id: number): void;
}

let noticeId = 0;
let subscribed = false;

export const useHosts = create<HostsState>((set, get) => ({
  loading: false,
  checks: {},
  facts: {},
  prompts: [],
  notices: [],
  async load() {
    subscribe();
    set({ loading: true, error: undefined });
    try {
      set({ hosts: await api()['hosts.list']({}), loading: false });
      void get().loadStoredFacts();
    } catch (e) {
      set({ error: messageOf(e), loading: false });
    }
  },
  async add(host) {
    const saved = await api()['hosts.add'](host);
    await get().load();
    return saved;
  },
  async update(name, host) {
    const saved = await api()['hosts.update']({ name, host });
    await get().load();
    return saved;
  },
  async remove(name) {
    await api()['hosts.remove']({ name });
    set((s) => {
      const checks = { ...s.checks };
      const facts = { ...s.facts };
      delete checks[name];
      delete facts[name];
      return { checks, facts };
    });
    await get().load();
  },
  async check(names) {
    await Promise.all(names.map((n) => get().checkOne(n)));
  },
  async checkOne(name) {
    subscribe();
    set((s) => ({ checks: { ...s.checks, [name]: { state: 'checking', at: Date.now() } } }));
    try {
      const [result] = await api()['hosts.check']({ selector: name });
      set((s) => ({ checks: { ...s.checks, [name]: { state: 'done', result, at: Date.now() } } }));
      if (result?.ok) void get().loadFacts(name);
      return result;
    } catch (e) {
      set((s) => ({ checks: { ...s.checks, [name]: { state: 'done', error: messageOf(e), at: Date.now() } } }));
      return undefined;
    }
  },
  async loadFacts(name) {
    set((s) => ({ facts: { ...s.facts, [name]: { ...s.facts[name], state: 'probing', error: undefined } } }));
    try {
      const [snapshot] = await api()['facts.probe']({ selector: name });
      const [verdict] = await api()['hosts.technologyCheck']({ selector: name });
      set((s) => ({ facts: { ...s.facts, [name]: { state: 'done', snapshot, verdict, error: snapshot?.ok ? undefined : snapshot?.error } } }));
    } catch (e) {
      set((s) => ({ facts: { ...s.facts, [name]: { ...s.facts[name], state: 'done', error: messageOf(e) } } }));
    }
  },
  async loadStoredFacts() {
    try {
      const [snaps, verdicts] = await Promise.all([api()['facts.latest']({}), api()['hosts.technologyCheck']({})]);
      set((s) => {
        const facts = { ...s.facts };
        for (const snap of snaps) {
          if (!snap.ok || facts[snap.name]?.state === 'probing') continue;
          facts[snap.name] = { state: 'done', snapshot: snap, verdict: verdicts.find((v) => v.name === snap.name) };
        }
        return { facts };
      });
    } catch {
      // Stored facts are a convenience; the table works without them and a probe shows its own error.
    }
  },
  async importSshConfig(source, save) {
    const result = await api()['hosts.importSshConfig']({ ...source, save });
    if (save) await get().load();
    return result;
  },
  async answerHostKey(requestId, accept) {
    set((s) => ({ prompts: s.prompts.filter((p) => p.requestId !== requestId) }));
    await api()['hosts.answerHostKey']({ requestId, accept });
  },
  dismissNotice(id) {
    set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  },
}));

/** One subscription for the whole app: prompts can arrive while any page is shown. */
function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  coreTransport().onEvent((m) => {
    if (m.name === 'hosts.hostKeyPrompt') {
      useHosts.setState((s) => ({ prompts: [...s.prompts.filter((p) => p.requestId !== m.payload.requestId), m.payload] }));
    } else if (m.name === 'hosts.hostKeyNotice') {
      const notice = { id: ++noticeId, kind: m.payload.kind, message: m.payload.message };
      useHosts.setState((s) => ({ notices: [...s.notices.slice(-4), notice] }));
    }
  });
}
