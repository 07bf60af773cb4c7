// MPI across a container platform through the CLI, for the providers' MPI lab files: NPB EP class S over MPI on 1 and
// 2 hosts (one rank a host), the runs with their output and facts, the ledger, and what each host keeps that an MPI
// run could leave (the MPI key lines, what is inside the runner's guest, run and MPI folders).
import type { LabEndpointAny } from '../../../lab/api.ts';
import { hostState } from '../../../lab/host-state.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import type { LabData } from '../../campaigns/support/lab-campaign.ts';

// The folders themselves are VirtLab's workspace and stay, empty, once made (on a fresh lab home they appear with the
// first campaign), so what is inside them is compared, not the folders.
const LEFT_IN_WORKSPACE = 'find "$HOME/.virtlab/guests" "$HOME/.virtlab/runs" "$HOME/.virtlab/mpi" -mindepth 1 -maxdepth 1 2>/dev/null';

/** Each host's state with the MPI leftovers; `runtimeList` prints the runtime's own list (containers, networks). */
export const mpiHostState = async (hosts: readonly LabEndpointAny[], runtimeList = 'true'): Promise<string> =>
  (await Promise.all(hosts.map((h) => hostState(h, `${runtimeList}; cat "$HOME/.ssh/authorized_keys" 2>/dev/null; ${LEFT_IN_WORKSPACE}`)))).join('\n---\n');

/** NPB EP class S over MPI on 1 and 2 hosts on each platform named. */
export const mpiScenario = (name: string, platforms: readonly string[]): string => `
name: ${name}
platforms: [${platforms.join(', ')}]
baseline: ${platforms[0]}
repetitions: 1
order: grouped
maxParallel: 1
runTimeoutSec: 300
benchmarks:
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [mpi], mpiNodes: [1, 2] }
`;

export interface MpiRun {
  platform: string;
  nodes: number;
  state: string;
  error: string | null;
  command: string[];
  /** What the facts snapshot says the run was in (virtualization.container). */
  container: string | null | undefined;
  stdout: string;
}

/** The campaign's runs by platform and node count, with their stdout. */
export function mpiRuns(data: LabData, campaignId: number): MpiRun[] {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT r.id, p.name AS platform, r.state, r.error, r.node_count AS nodes, r.command, f.json AS facts FROM runs r
         JOIN platforms p ON p.id = r.platform_id LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id
         WHERE r.campaign_id = ? ORDER BY p.name, r.node_count`,
      )
      .all(campaignId) as { id: number; platform: string; state: string; error: string | null; nodes: number; command: string | null; facts: string | null }[];
    const logs = createRepos(db).rawLogs;
    return rows.map((r) => ({
      platform: r.platform,
      nodes: r.nodes,
      state: r.state,
      error: r.error,
      command: JSON.parse(r.command ?? '[]') as string[],
      container: (JSON.parse(r.facts ?? '{}') as { virtualization?: { container: string | null } }).virtualization?.container,
      stdout: logs.getText(r.id, 'stdout') ?? '',
    }));
  } finally {
    db.close();
  }
}

/** Ledger entries of any campaign not removed. */
export function openResources(data: LabData): unknown[] {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return db.prepare("SELECT campaign_id, kind, handle, state FROM platform_resources WHERE state <> 'removed'").all();
  } finally {
    db.close();
  }
}
