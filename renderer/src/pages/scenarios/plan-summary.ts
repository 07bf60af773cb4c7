// A plan in a few numbers: runs per platform and benchmark, endpoints, the longest run.
import type { Plan } from '../../../../main/contract/scenarios.ts';

export interface PlanRow {
  platform: string;
  benchmark: string;
  runs: number;
  estimateSec: number;
}

export function summarizePlan(plan: Plan): PlanRow[] {
  const rows = new Map<string, PlanRow>();
  for (const e of plan.entries) {
    const key = `${e.platform}\u0000${e.benchmark}`;
    const row = rows.get(key) ?? { platform: e.platform, benchmark: e.benchmark, runs: 0, estimateSec: 0 };
    row.runs++;
    // The setup charged to a run (builds, uploads) is part of its benchmark's time on that platform.
    row.estimateSec += e.estimateSec + (e.setupSec ?? 0);
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.platform.localeCompare(b.platform) || a.benchmark.localeCompare(b.benchmark));
}

/** The kinds of one-off setup in a plan, each named once for the Review's sentence: builds of every kernel are "NPB
 * builds", and the providers' preparations (each spelled out in the table below it) "preparation of N platform(s)". */
export function setupKinds(setup: Plan['setup']): string[] {
  const prepared = new Set(setup.filter((c) => c.what.startsWith('prepare: ')).map((c) => c.platform)).size;
  const kinds = setup.filter((c) => !c.what.startsWith('prepare: ')).map((c) => c.what.replace(/^NPB [A-Z]+\.[A-Z] build$/, 'NPB builds'));
  return [...new Set(kinds), ...(prepared > 0 ? [`preparation of ${prepared} platform(s)`] : [])];
}
