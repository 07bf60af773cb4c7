// The node sets whose MPI keys a campaign's processes may have installed: every run of the campaign that starts MPI
// ranks (its module's requirements say so) on more than one endpoint, per platform. The process that closes a campaign's driver removes their keys too, so a key installed by a
// process that was killed (and never closed) goes with the one that resumed the campaign (the ids derive from the
// campaign, main/runner/mpi/key-ring.ts). Platforms whose ranks the execution backend starts (Slurm's srun) install
// no keys and are left out.
import { startsRanks } from '../../benchmarks/module.ts';
import { runParams } from '../../benchmarks/registry.ts';
import type { Repos } from '../../store/repos/index.ts';
import type { StoredHost } from '../../store/repos/hosts.ts';

export function mpiKeyOwner(repos: Repos, campaignId: number, platform: string): string {
  return `${repos.execution.get(campaignId)?.uuid ?? `campaign-${campaignId}`}/${platform}`;
}

/** Platform name -> the distinct host sets of its multi-endpoint runs in campaign `campaignId`. */
export function mpiNodeSets(repos: Repos, campaignId: number, backendLaunches: (platform: string) => boolean): Map<string, StoredHost[][]> {
  const names = new Map(repos.platforms.list().map((p) => [p.id, p.name]));
  const out = new Map<string, Map<string, StoredHost[]>>();
  for (const run of repos.runs.listByCampaign(campaignId)) {
    const platform = names.get(run.platformId);
    if (!platform) continue;
    const json = repos.execution.run(run.id)?.endpointsJson;
    const endpoints = json ? (JSON.parse(json) as string[]) : [];
    if (endpoints.length < 2 || backendLaunches(platform)) continue;
    const r = runParams(run.benchmark, run.params);
    if (!('params' in r) || !r.module.requirements(r.params).some(startsRanks)) continue;
    const hosts = endpoints.map((n) => repos.hosts.get(n));
    if (hosts.some((h) => !h)) continue;
    const sets = out.get(platform) ?? new Map<string, StoredHost[]>();
    sets.set(endpoints.join('\n'), hosts as StoredHost[]);
    out.set(platform, sets);
  }
  return new Map([...out].map(([p, sets]) => [p, [...sets.values()]]));
}
