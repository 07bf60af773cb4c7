// The Slurm backend as the run driver uses it for one platform: every job goes through the login endpoint's
// verified session, asks for exactly the nodes the run holds (--nodelist: its tools, builds and a server role are
// prepared there), and the state of all the platform's jobs is read in one squeue a round: a run asking shortly
// after another reads that round's answer instead of asking Slurm again.
import type { JobHandle, JobState, RunBackend, RunJob, RunJobRef } from '../backend.ts';
import { sleep } from '../../ssh/backoff.ts';
import { exec } from '../../ssh/exec.ts';
import type { ChannelHost } from '../../ssh/pool.ts';
import { SlurmBackend, SlurmError } from './backend.ts';
import { judgeNodeAccess, probeNodeAccess } from './node-access.ts';
import { describeDemand } from './partition.ts';
import { mpiLaunchArgv } from './sbatch.ts';
import type { SlurmSettings } from './settings.ts';

export interface SlurmRunBackendDeps {
  /** The login endpoint's pooled, host-key-checked session. */
  login: { host: ChannelHost; name: string };
  controlTimeoutMs: number;
  /** How long one squeue answer stands for every run's state. */
  freshMs?: number;
}

// $1 folder: the run's own folder on the node its command runs on, then the command.
const IN_RUN_FOLDER = 'mkdir -p -- "$1" && cd -- "$1" || exit 3; shift; exec "$@"';
const ENDED = new Set(['exited', 'failed', 'lost', 'missing']);

type Answer = JobState & { jobId?: string };

export function slurmRunBackend(settings: SlurmSettings, deps: SlurmRunBackendDeps): RunBackend & { slurm: SlurmBackend } {
  const slurm = new SlurmBackend(settings, { controlTimeoutMs: deps.controlTimeoutMs });
  const login = deps.login;
  const freshMs = deps.freshMs ?? 500;
  /** Job id of each run this process knows of (submitted, or read back from the run). */
  const jobs = new Map<string, string>();
  const live = new Set<string>();
  const last = new Map<string, { at: number; s: Answer }>();
  let inflight: { ids: Set<string>; p: Promise<Map<string, Answer>> } | undefined;
  let nodeNames: Promise<Map<string, string>> | undefined;

  /** Slurm's node name of each node address (one sinfo), read again when an address is not in it. */
  async function nodeNameOf(address: string): Promise<string> {
    for (let again = 0; again < 2; again++) {
      if (!nodeNames || again) {
        slurm.slurmCommands++;
        nodeNames = exec(login.host, ['sinfo', '-h', '-N', '-o', '%N|%o'], { timeoutMs: deps.controlTimeoutMs }).then((r) => {
          if (r.code !== 0) throw new SlurmError(`sinfo on ${login.name} failed: ${r.stderr.trim() || `exit code ${r.code}`}`);
          return new Map(
            r.stdout
              .split('\n')
              .map((l) => l.trim().split('|'))
              .filter((f) => f.length === 2)
              .map(([n, a]) => [a!, n!]),
          );
        });
        nodeNames.catch(() => {
          nodeNames = undefined;
        });
      }
      const name = (await nodeNames).get(address);
      if (name) return name;
    }
    throw new SlurmError(`no Slurm node has the address ${address} (sinfo -N on ${login.name}): the platform's endpoints must be the cluster's nodes`);
  }

  const handleOf = (r: RunJobRef): JobHandle => ({ runId: r.runId, id: jobs.get(r.runId) ?? r.jobId ?? '' });

  async function round(ids: Set<string>, refs: Map<string, RunJobRef>): Promise<Map<string, Answer>> {
    const states = await slurm.poll(
      login,
      [...ids].map((id) => handleOf(refs.get(id) ?? { runId: id, endpoints: [] })),
    );
    const at = Date.now();
    for (const [id, s] of states) {
      if (s.jobId) jobs.set(id, s.jobId);
      last.set(id, { at, s });
      if (ENDED.has(s.state)) live.delete(id);
    }
    return states;
  }
  const refs = new Map<string, RunJobRef>();

  async function state(ref: RunJobRef): Promise<Answer> {
    refs.set(ref.runId, ref);
    if (ref.jobId && !jobs.has(ref.runId)) jobs.set(ref.runId, ref.jobId);
    live.add(ref.runId);
    const cached = last.get(ref.runId);
    if (cached && Date.now() - cached.at < freshMs) return cached.s;
    if (inflight?.ids.has(ref.runId)) return (await inflight.p).get(ref.runId) ?? { state: 'missing' };
    // Every live run of the platform in one squeue: the others' next asks read this answer.
    const ids = new Set([...live]);
    const p = round(ids, refs);
    inflight = { ids, p };
    try {
      return (await p).get(ref.runId) ?? { state: 'missing' };
    } finally {
      if (inflight?.p === p) inflight = undefined;
    }
  }

  return {
    slurm,
    mpiLaunch: (nodes, ranksPerNode) => mpiLaunchArgv(settings, nodes, ranksPerNode),

    async check(runs, nodes = []) {
      const [plan, access] = await Promise.all([
        slurm.plan(
          login,
          runs.map((r) => ({ nodes: r.nodes, timeLimitSec: settings.timeLimitMin * 60 })),
        ),
        probeNodeAccess(nodes, deps.controlTimeoutMs).then(judgeNodeAccess),
      ]);
      return { text: [describeDemand(plan), ...access.notes].join('\n'), problems: [...plan.problems, ...access.problems] };
    },

    async submit(job: RunJob) {
      // Ranks in containers need the runtime launched once per rank on each node (the hybrid model): not built yet.
      if (job.wrap && job.launchesRanks) throw new SlurmError(`run ${job.runId}: MPI ranks inside a container platform under Slurm are not supported yet`);
      const nodeList = await Promise.all(job.endpoints.map((e) => nodeNameOf(e.address)));
      // A container platform's job runs inside its guest on the node (ch-run ... -- the command), started by Slurm there.
      const plain = ['sh', '-c', IN_RUN_FOLDER, 'virtlab-run', job.cwd, ...job.command];
      const inFolder = job.wrap ? job.wrap(plain) : plain;
      // The batch script runs on the allocation's first node in Slurm's order: a command that is not an MPI launch
      // runs as a one-task step on the run's first endpoint (netperf's client beside its server on the second).
      const command =
        job.launchesRanks || job.endpoints.length === 1 ? inFolder : ['srun', '--nodes=1', '--ntasks=1', `--nodelist=${nodeList[0]}`, ...inFolder];
      const h = await slurm.submit(login, { runId: job.runId, command, nodes: job.endpoints.length, nodeList });
      jobs.set(job.runId, h.id);
      live.add(job.runId);
      last.delete(job.runId);
      return h;
    },

    state,

    async wait(ref, maxMs, signal) {
      // Slurm tells no one when a job ends: the next round of squeue says it.
      await sleep(Math.min(maxMs, freshMs * 2), signal);
    },

    async collect(ref) {
      const h = handleOf(ref);
      return { ...(await slurm.collect(login, h)), ...(h.id ? { jobId: h.id } : {}) };
    },

    async cancel(ref) {
      if (!handleOf(ref).id) await state(ref);
      if (!handleOf(ref).id) return { attempts: 1 };
      return slurm.cancel(login, handleOf(ref));
    },

    async release(ref) {
      live.delete(ref.runId);
      last.delete(ref.runId);
      refs.delete(ref.runId);
      await slurm.release(login, handleOf(ref));
    },
  };
}
