// What a set of runs asks of a batch system, said in the plan before anything is submitted. Pure (the contract's
// backend catalog reaches it).

/** What a set of runs asks of the backend, said in the plan before anything is submitted. */
export interface BackendDemand {
  jobs: number;
  /** Number of jobs by node count. */
  jobsByNodes: Record<number, number>;
  /** Longest time limit of one job, seconds. */
  maxTimePerJobSec: number;
  /** Sum over jobs of nodes x time limit, hours: an upper bound of what the site charges. */
  nodeHours: number;
}

export interface DemandInput {
  nodes: number;
  timeLimitSec: number;
}

export function demandOf(runs: readonly DemandInput[]): BackendDemand {
  const jobsByNodes: Record<number, number> = {};
  let nodeSec = 0;
  let maxTimePerJobSec = 0;
  for (const r of runs) {
    jobsByNodes[r.nodes] = (jobsByNodes[r.nodes] ?? 0) + 1;
    nodeSec += r.nodes * r.timeLimitSec;
    maxTimePerJobSec = Math.max(maxTimePerJobSec, r.timeLimitSec);
  }
  return { jobs: runs.length, jobsByNodes, maxTimePerJobSec, nodeHours: nodeSec / 3600 };
}
