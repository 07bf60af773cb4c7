// Each provider platform's preparation (containers made, VMs booted and enrolled) as the executor logs it on the run
// that first needed the platform: "platform P: <what> (about N s)", the provider's own lines, then "platform P: ready
// in N s" (or "…: kept" after a restart). Read from this window's live log, so it covers what happened while it was open.
import type { RunInfo } from '../../../../main/contract/campaigns.ts';
import type { LogLine } from '../../stores/campaigns-store.ts';

export interface Preparation {
  platform: string;
  runId: number;
  state: 'preparing' | 'ready';
  /** When the first line was seen (ms since the epoch), and how long it took when ready. */
  since: number;
  readySec?: number;
  /** What the lifecycle and the provider said, in order. */
  lines: string[];
}

const OWN = /^platform (.+?): (.*)$/;
const READY = /^ready in ([\d.]+) s$/;

export function preparations(runs: readonly RunInfo[], logs: Readonly<Record<number, readonly LogLine[] | undefined>>): Preparation[] {
  const out = new Map<string, Preparation>();
  for (const run of runs) {
    let current: Preparation | undefined;
    for (const l of logs[run.id] ?? []) {
      if (l.stream !== 'executor') continue;
      const own = OWN.exec(l.line);
      if (own && own[1] === run.platform) {
        const ready = READY.exec(own[2]!);
        current ??= { platform: run.platform, runId: run.id, state: 'preparing', since: l.at, lines: [] };
        current.lines.push(own[2]!);
        if (ready || own[2]!.endsWith('; kept')) {
          current.state = 'ready';
          if (ready) current.readySec = Number(ready[1]);
          out.set(run.platform, current);
          current = undefined;
        }
      } else if (current) {
        current.lines.push(l.line);
      }
    }
    // Still preparing: the run's log has its start but not its end yet.
    if (current && !out.has(run.platform)) out.set(run.platform, current);
  }
  return [...out.values()].sort((a, b) => a.since - b.since);
}
