// One run as one Slurm batch job: the sbatch options (from the settings and the run's node count) and the batch
// script that runs the run's job in its own folder under the shared work folder, recording the nodes Slurm gave it
// (SLURM_JOB_NODELIST) and the job's exit status in files VirtLab collects. Every word goes through quote.ts.
import type { JobSubmission } from '../backend.ts';
import { quoteArg, toShellCommand } from '../../ssh/quote.ts';
import type { SlurmSettings } from './settings.ts';

const JOB_PREFIX = 'virtlab-';
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The job name that carries the run's id: a resumed VirtLab finds the jobs it submitted before it died by it. */
export function jobNameOf(runId: string): string {
  if (!RUN_ID.test(runId)) throw new Error(`invalid run id ${JSON.stringify(runId)}: letters, digits, . _ - (up to 128)`);
  return `${JOB_PREFIX}${runId}`;
}

/** The run id a job name carries, or undefined for a job VirtLab did not submit. */
export function runIdOfJobName(name: string): string | undefined {
  if (!name.startsWith(JOB_PREFIX)) return undefined;
  const id = name.slice(JOB_PREFIX.length);
  return RUN_ID.test(id) ? id : undefined;
}

export const jobFolderOf = (s: Pick<SlurmSettings, 'workDir'>, runId: string): string => `${s.workDir.replace(/\/+$/, '')}/${jobNameOf(runId)}`;

/** Files in a job's folder. */
export const JOB_FILES = { stdout: 'stdout', stderr: 'stderr', status: 'status', nodelist: 'nodelist' } as const;

/** sbatch's argv (without the script, which goes on stdin). */
export function sbatchArgv(s: SlurmSettings, job: JobSubmission): string[] {
  const dir = jobFolderOf(s, job.runId);
  const argv = [
    'sbatch',
    '--parsable',
    `--job-name=${jobNameOf(job.runId)}`,
    `--comment=virtlab-run=${job.runId}`,
    `--chdir=${dir}`,
    `--output=${dir}/${JOB_FILES.stdout}`,
    `--error=${dir}/${JOB_FILES.stderr}`,
    `--nodes=${job.nodes}`,
    '--ntasks-per-node=1',
    `--time=${s.timeLimitMin}`,
    // A job Slurm requeues (after a node failure) would run the same run a second time: it fails instead.
    '--no-requeue',
  ];
  // The nodes VirtLab holds for the run (its tools, builds and a server role are prepared there).
  if (job.nodeList?.length) argv.push(`--nodelist=${job.nodeList.join(',')}`);
  if (s.partition) argv.push(`--partition=${s.partition}`);
  if (s.account) argv.push(`--account=${s.account}`);
  if (s.qos) argv.push(`--qos=${s.qos}`);
  if (s.constraint) argv.push(`--constraint=${s.constraint}`);
  // Several nodes are an MPI job or a pair measuring the link between them: nobody else's job on those nodes.
  if (s.exclusive || job.nodes > 1) argv.push('--exclusive');
  argv.push(...s.extraSbatch);
  return argv;
}

/** The batch script: runs the job's argv in the job folder, then records its exit status. */
export function batchScript(job: JobSubmission): string {
  return [
    '#!/bin/sh',
    `# VirtLab run ${job.runId}`,
    `printf '%s\\n' "$SLURM_JOB_NODELIST" > ${JOB_FILES.nodelist}`,
    toShellCommand(job.command),
    'code=$?',
    `printf '%s\\n' "$code" > ${quoteArg(JOB_FILES.status)}`,
    'exit "$code"',
    '',
  ].join('\n');
}

/** Open MPI's MCA parameter that makes a waiting rank yield the CPU. */
export const YIELD_MCA = 'mpi_yield_when_idle';

/** The environment every srun --mpi=pmix step gets: Slurm's PMIx plugin reads its fence algorithm from the step's
 *  environment (SLURM_PMIX_FENCE: mixed, tree or ring; src/plugins/mpi/pmix/pmixp_info.c). With the plugin's
 *  default, Slurm 22.05 + Open MPI 4.1 ranks of NPB CG crashed (SIGSEGV) on 8 and more nodes: the MPI_Init barrier (a
 *  PMIx fence) let ranks exchange before their peers' connection data was in. The ring fence does not: CG on 8 nodes
 *  3/3, 16 nodes 2/2 (slurm9, session 9). It costs one round trip a node, nothing next to a run. */
export const PMIX_STEP_ENV = { SLURM_PMIX_FENCE: 'ring' } as const;

/** The argv that launches MPI ranks inside the allocation, one a node. */
export function mpiLaunchArgv(s: Pick<SlurmSettings, 'mpiLauncher'> & { mpiYieldWhenIdle?: boolean }, nodes: number, ranksPerNode = 1): string[] {
  const yieldIdle = s.mpiYieldWhenIdle === true;
  if (s.mpiLauncher !== 'srun-pmix')
    return ['mpirun', ...(yieldIdle ? ['--mca', YIELD_MCA, '1'] : []), '-np', String(nodes * ranksPerNode), '--map-by', `ppr:${ranksPerNode}:node`];
  // srun hands its environment to the ranks and to the step's PMIx server: the fence, and the MCA parameter as
  // OMPI_MCA_<name> (both seen in the job script).
  const env = Object.entries({ ...PMIX_STEP_ENV, ...(yieldIdle ? { [`OMPI_MCA_${YIELD_MCA}`]: '1' } : {}) }).map(([k, v]) => `${k}=${v}`);
  return [
    'srun',
    '--mpi=pmix',
    `--export=ALL,${env.join(',')}`,
    // A rank that dies (a crash, a failed MPI_Init) ends the step: its peers would otherwise wait in their next
    // collective until the job's time limit.
    '--kill-on-bad-exit=1',
    `--nodes=${nodes}`,
    `--ntasks-per-node=${ranksPerNode}`,
  ];
}

/** Reads `sbatch --parsable` output: `jobid` or `jobid;cluster`. */
export function parseSubmitted(stdout: string): string | undefined {
  const first = stdout.trim().split('\n').pop()?.split(';')[0]?.trim() ?? '';
  return /^\d+$/.test(first) ? first : undefined;
}
