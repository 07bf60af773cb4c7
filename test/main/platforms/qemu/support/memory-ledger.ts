// An in-memory resource ledger with the framework's shape, for the provider's lab tests (the store's ledger is the
// platforms work's): it also keeps the order of events so a test can show "written before made".
import type { Ledger, LedgerEntry } from '../../../../../main/platforms/provider.ts';

export class MemoryLedger implements Ledger {
  readonly entries: LedgerEntry[] = [];
  readonly events: string[] = [];
  intend(host: string, kind: string, handle: string, detail: Record<string, unknown> = {}): LedgerEntry {
    const e: LedgerEntry = { id: this.entries.length + 1, campaignId: 0, platform: 'test', host, kind, handle, detail, state: 'intended' };
    this.entries.push(e);
    this.events.push(`intend ${kind}`);
    return e;
  }
  created(id: number): void {
    this.set(id, 'created');
  }
  removed(id: number): void {
    this.set(id, 'removed');
  }
  open(): LedgerEntry[] {
    return this.entries.filter((e) => e.state !== 'removed');
  }
  private set(id: number, state: LedgerEntry['state']): void {
    const e = this.entries.find((x) => x.id === id);
    if (!e) throw new Error(`no ledger entry ${id}`);
    e.state = state;
    this.events.push(`${state} ${e.kind}`);
  }
}
