// A platform host that records every argv it is asked to run and answers from a script (first matching rule), and an
// in-memory ledger: for unit tests of what a provider asks a host to do and in which order. The lab tests run the
// same providers against real runtimes.
import type { HostShell, Ledger, LedgerEntry } from '../../../../main/platforms/provider.ts';

export type Answer = { code?: number; stdout?: string; stderr?: string };
export type Rule = [match: RegExp, answer: Answer];

export function recordingHost(name: string, ordinal: number, rules: Rule[] = []): HostShell & { calls: string[] } {
  const calls: string[] = [];
  return {
    name,
    address: `10.0.0.${11 + ordinal}`,
    ordinal,
    calls,
    run: async (argv) => {
      const line = argv.join(' ');
      calls.push(line);
      const a = rules.find(([re]) => re.test(line))?.[1] ?? {};
      return { code: a.code ?? 0, stdout: a.stdout ?? '', stderr: a.stderr ?? '' };
    },
  };
}

export function memoryLedger(campaignId = 7, platform = 'p'): Ledger & { entries: LedgerEntry[] } {
  const entries: LedgerEntry[] = [];
  const find = (id: number) => entries.find((e) => e.id === id)!;
  return {
    entries,
    intend: (host, kind, handle, detail = {}) => {
      const e: LedgerEntry = { id: entries.length + 1, campaignId, platform, host, kind, handle, detail, state: 'intended' };
      entries.push(e);
      return e;
    },
    created: (id) => {
      find(id).state = 'created';
    },
    removed: (id) => {
      find(id).state = 'removed';
    },
    open: () => entries.filter((e) => e.state !== 'removed'),
  };
}
