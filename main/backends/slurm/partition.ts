// The site's limits, read with one sinfo, and the check of what a campaign will ask for against them: refused
// before anything is submitted when the partition has fewer nodes than a run needs, or a run's time limit is above
// the partition's (Slurm would accept such a job and leave it pending for ever). Pure except the sinfo format.
import { demandOf, type BackendDemand, type DemandInput } from '../backend.ts';

/** `sinfo -h -o SINFO_FORMAT`: partition (default marked *), node count, time limit, availability. */
export const SINFO_FORMAT = '%P|%D|%l|%a';

export interface PartitionInfo {
  name: string;
  isDefault: boolean;
  nodes: number;
  maxTimeMin: number | 'infinite';
  up: boolean;
}

/** Slurm's time format ([days-]hours:minutes:seconds, minutes, minutes:seconds, "infinite") in minutes. */
export function parseSlurmTime(t: string): number | 'infinite' | undefined {
  const s = t.trim();
  if (s === 'infinite' || s === 'UNLIMITED') return 'infinite';
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(s);
  if (!m) return undefined;
  const [, d, a, b, c] = m;
  const days = Number(d ?? 0);
  // With days the first field is hours; otherwise 1 field is minutes, 2 are minutes:seconds, 3 are h:m:s.
  const [h, min, sec] =
    d !== undefined
      ? [Number(a), Number(b ?? 0), Number(c ?? 0)]
      : c !== undefined
        ? [Number(a), Number(b), Number(c)]
        : b !== undefined
          ? [0, Number(a), Number(b)]
          : [0, Number(a), 0];
  return days * 1440 + h * 60 + min + sec / 60;
}

export function parseSinfo(stdout: string): PartitionInfo[] {
  const out = new Map<string, PartitionInfo>();
  for (const line of stdout.split('\n')) {
    const f = line.trim().split('|');
    if (f.length < 4 || !f[0]) continue;
    const isDefault = f[0].endsWith('*');
    const name = f[0].replace(/\*$/, '');
    const nodes = Number(f[1]);
    const maxTimeMin = parseSlurmTime(f[2]!);
    if (!Number.isInteger(nodes) || maxTimeMin === undefined) continue;
    // sinfo prints one line per node state group when asked for states; sum the nodes of one partition.
    const prev = out.get(name);
    out.set(name, { name, isDefault: isDefault || !!prev?.isDefault, nodes: (prev?.nodes ?? 0) + nodes, maxTimeMin, up: f[3] === 'up' });
  }
  return [...out.values()];
}

export interface SlurmPlan {
  partition: string;
  demand: BackendDemand;
  problems: string[];
}

/** What the runs ask of the partition and every reason it cannot give it. */
export function checkAgainstPartition(partitions: PartitionInfo[], wanted: string | undefined, runs: readonly DemandInput[]): SlurmPlan {
  const demand = demandOf(runs);
  const p = wanted ? partitions.find((x) => x.name === wanted) : partitions.find((x) => x.isDefault);
  const name = p?.name ?? wanted ?? '(default)';
  if (!p) {
    const known = partitions.map((x) => x.name).join(', ') || 'none';
    return {
      partition: name,
      demand,
      problems: [wanted ? `the site has no partition "${wanted}" (has: ${known})` : `the site has no default partition; name one (has: ${known})`],
    };
  }
  const problems: string[] = [];
  if (!p.up) problems.push(`partition ${p.name} is not up`);
  const most = Math.max(0, ...runs.map((r) => r.nodes));
  if (most > p.nodes) {
    const over = runs.filter((r) => r.nodes > p.nodes).length;
    problems.push(`${over} run(s) need ${most} nodes; partition ${p.name} has ${p.nodes}`);
  }
  const longest = demand.maxTimePerJobSec / 60;
  if (p.maxTimeMin !== 'infinite' && longest > p.maxTimeMin) {
    problems.push(`a run's time limit (${longest} min) is above partition ${p.name}'s (${p.maxTimeMin} min)`);
  }
  return { partition: p.name, demand, problems };
}

/** The plan's line about Slurm. */
export function describeDemand(plan: SlurmPlan): string {
  const d = plan.demand;
  const byNodes = Object.entries(d.jobsByNodes)
    .map(([n, c]) => `${c} x ${n} node${n === '1' ? '' : 's'}`)
    .join(', ');
  return `Slurm partition ${plan.partition}: ${d.jobs} job(s) (${byNodes}), up to ${Math.round(d.maxTimePerJobSec / 60)} min each, at most ${d.nodeHours.toFixed(2)} node-hours`;
}
