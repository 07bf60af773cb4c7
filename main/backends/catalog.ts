// THE list of execution backends as the contract sees them: name, title and settings schema (pure zod). A platform
// names one (none: ssh); the Node side of each is listed in registry.ts. docs/DEVELOPING.md "the three kinds of module".
import { z } from 'zod';
import { demandOf } from './demand.ts';
import { slurmSettingsSchema } from './slurm/settings.ts';

export interface BackendDescription {
  name: string;
  title: string;
  settings: z.ZodTypeAny;
  /** The stored host every job goes through (a batch system's login endpoint), if the backend has one. */
  loginOf?(settings: Record<string, unknown>): string;
  /** MPI ranks start inside the backend's own job (srun): no SSH keys or hostfile are set up for them. */
  launchesRanks?: boolean;
  /** What the runs will ask of the site, in the plan's words (before the site itself is asked). */
  demand?(settings: Record<string, unknown>, runs: readonly { nodes: number }[]): string;
  help: string;
}

/** Jobs, node counts, time per job and node-hours of runs with one time limit each. */
function batchDemand(what: string, timeLimitMin: number, runs: readonly { nodes: number }[]): string {
  const d = demandOf(runs.map((r) => ({ nodes: r.nodes, timeLimitSec: timeLimitMin * 60 })));
  const byNodes = Object.entries(d.jobsByNodes)
    .map(([n, c]) => `${c} x ${n} node${n === '1' ? '' : 's'}`)
    .join(', ');
  return `${what}: ${d.jobs} job(s) (${byNodes}), ${timeLimitMin} min each at most, at most ${d.nodeHours.toFixed(2)} node-hours`;
}

export const backendCatalog = [
  {
    name: 'ssh',
    title: 'Detached job over SSH',
    settings: z.object({}).strict(),
    help: "Each run is a detached job on its first endpoint, started over the endpoint's verified SSH session.",
  },
  {
    name: 'slurm',
    title: 'Slurm batch jobs',
    settings: slurmSettingsSchema,
    loginOf: (s: Record<string, unknown>) => String(s['login']),
    launchesRanks: true,
    demand: (s: Record<string, unknown>, runs: readonly { nodes: number }[]) =>
      batchDemand(`Slurm${s['partition'] ? ` partition ${String(s['partition'])}` : ''}`, Number(s['timeLimitMin']), runs),
    help: "Each run is one sbatch job submitted through a login endpoint; Slurm's squeue/sacct say its state.",
  },
] as const satisfies readonly BackendDescription[];

export type BackendName = (typeof backendCatalog)[number]['name'];
export const BACKEND_NAMES = backendCatalog.map((b) => b.name) as [BackendName, ...BackendName[]];

export function describeBackend(name: string): BackendDescription | undefined {
  return (backendCatalog as readonly BackendDescription[]).find((b) => b.name === name);
}

/** A backend's settings read by its schema, or every problem with its path. */
export function parseBackendSettings(name: string, raw: unknown): { settings: Record<string, unknown> } | { error: string } {
  const d = describeBackend(name);
  if (!d) return { error: `no execution backend "${name}" (known: ${BACKEND_NAMES.join(', ')})` };
  const r = d.settings.safeParse(raw ?? {});
  if (!r.success) return { error: r.error.issues.map((i) => `backendSettings.${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ') };
  return { settings: r.data as Record<string, unknown> };
}
