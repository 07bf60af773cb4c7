// Before a campaign is stored: every platform it uses is checked on its hosts through its provider (runtime, image,
// network mode, limits, ports, MPI), so a bad input is refused at start with every problem and no run ever starts,
// instead of a campaign that starts and pauses before its first run.
import { startsRanks } from '../benchmarks/module.ts';
import { runParams } from '../benchmarks/registry.ts';
import type { PlanEntry } from '../contract/scenarios.ts';
import type { Repos } from '../store/repos/index.ts';
import { InputProblem } from './input-problem.ts';
import type { StartPreflight } from './launch.ts';
import { checkPlatforms, type HostRunner, type ProviderLookup } from './platform-lifecycle.ts';
import type { StartInputs } from './start-inputs.ts';

/** The platforms a plan runs MPI jobs on (a module's 'mpi' requirement). */
export function platformsWithMpi(entries: readonly PlanEntry[]): Set<string> {
  const out = new Set<string>();
  for (const e of entries) {
    const r = runParams(e.benchmark, e.params as Record<string, unknown>);
    if ('params' in r && r.module.requirements(r.params).some(startsRanks)) out.add(e.platform);
  }
  return out;
}

/** A session to the hosts for the check, opened from the campaign's inputs and closed after it. */
export type OpenHosts = (inputs: StartInputs) => { runner?: HostRunner; close(): Promise<void> };

export function platformPreflight(repos: Repos, open: OpenHosts, providers?: ProviderLookup): StartPreflight {
  return async (entries, inputs) => {
    const platforms = [...new Set(entries.map((e) => e.platform))];
    const hosts = open(inputs);
    let problems: string[];
    try {
      problems = await checkPlatforms(repos, platforms, hosts.runner, providers, platformsWithMpi(entries));
    } finally {
      await hosts.close();
    }
    if (problems.length) throw new InputProblem(`The campaign was not started: ${problems.join('; ')}`);
  };
}
