import { describe, expect, it } from 'vitest';
import { batchScript, jobNameOf, mpiLaunchArgv, parseSubmitted, runIdOfJobName, sbatchArgv } from '../../../../main/backends/slurm/sbatch.ts';
import { parseSlurmSettings, type SlurmSettings } from '../../../../main/backends/slurm/settings.ts';

const settings = (extra: object = {}): SlurmSettings => {
  const r = parseSlurmSettings({ login: 'login1', partition: 'batch', account: 'proj-1', qos: 'normal', timeLimitMin: 20, workDir: '/scratch/vl', ...extra });
  if (!r.ok) throw new Error(r.error);
  return r.settings;
};

describe('sbatch of one run', () => {
  it("carries the run's id in the job name and comment; asks for the nodes, limits and folder of the run", () => {
    const argv = sbatchArgv(settings({ constraint: 'ib&haswell', extraSbatch: ['--mem=4G'] }), { runId: 'c7-r12', command: ['sh', '-c', 'x'], nodes: 4 });
    expect(argv).toEqual([
      'sbatch',
      '--parsable',
      '--job-name=virtlab-c7-r12',
      '--comment=virtlab-run=c7-r12',
      '--chdir=/scratch/vl/virtlab-c7-r12',
      '--output=/scratch/vl/virtlab-c7-r12/stdout',
      '--error=/scratch/vl/virtlab-c7-r12/stderr',
      '--nodes=4',
      '--ntasks-per-node=1',
      '--time=20',
      '--no-requeue',
      '--partition=batch',
      '--account=proj-1',
      '--qos=normal',
      '--constraint=ib&haswell',
      '--exclusive',
      '--mem=4G',
    ]);
    expect(sbatchArgv(settings(), { runId: 'r1', command: ['true'], nodes: 1 })).not.toContain('--exclusive');
    expect(runIdOfJobName(jobNameOf('c7-r12'))).toBe('c7-r12');
    expect(runIdOfJobName('slurm-job')).toBeUndefined();
    expect(() => jobNameOf('a b;rm')).toThrow(/invalid run id/);
  });

  it('quotes the job argv in the batch script and records nodes and exit status', () => {
    const s = batchScript({ runId: 'r1', command: ['sh', '-c', "echo 'hi'; exit 3", 'virtlab-job'], nodes: 1 });
    expect(s).toContain(`sh -c 'echo '\\''hi'\\''; exit 3' virtlab-job\n`);
    expect(s).toContain(`printf '%s\\n' "$SLURM_JOB_NODELIST" > nodelist`);
    expect(s).toContain(`printf '%s\\n' "$code" > status`);
  });

  it('refuses settings that would change what a run is or smuggle shell syntax', () => {
    const bad = (extra: object) => {
      const r = parseSlurmSettings({ login: 'l', timeLimitMin: 5, workDir: '/w', ...extra });
      return r.ok ? '' : r.error;
    };
    expect(bad({ extraSbatch: ['--job-name=x'] })).toMatch(/sets this sbatch option itself/);
    expect(bad({ extraSbatch: ['--mem=4G; rm -rf /'] })).toMatch(/one long option/);
    expect(bad({ partition: 'a b' })).toMatch(/partition/);
    expect(bad({ workDir: 'relative' })).toMatch(/absolute/);
    expect(bad({ workDir: '/a/../etc' })).toMatch(/\.\./);
    expect(bad({ timeLimitMin: 0 })).toMatch(/timeLimitMin/);
    expect(bad({})).toBe('');
  });

  it('reads sbatch --parsable output', () => {
    expect(parseSubmitted('42\n')).toBe('42');
    expect(parseSubmitted('42;cluster\n')).toBe('42');
    expect(parseSubmitted('sbatch: error: x')).toBeUndefined();
  });

  it('launches MPI ranks with srun (ring PMIx fence, a bad rank ends the step) or mpirun, yielding when idle only when the settings say the cores are shared', () => {
    expect(mpiLaunchArgv(settings(), 4)).toEqual([
      'srun',
      '--mpi=pmix',
      '--export=ALL,SLURM_PMIX_FENCE=ring',
      '--kill-on-bad-exit=1',
      '--nodes=4',
      '--ntasks-per-node=1',
    ]);
    expect(mpiLaunchArgv(settings({ mpiYieldWhenIdle: true }), 64)).toEqual([
      'srun',
      '--mpi=pmix',
      '--export=ALL,SLURM_PMIX_FENCE=ring,OMPI_MCA_mpi_yield_when_idle=1',
      '--kill-on-bad-exit=1',
      '--nodes=64',
      '--ntasks-per-node=1',
    ]);
    expect(mpiLaunchArgv(settings({ mpiLauncher: 'mpirun', mpiYieldWhenIdle: true }), 2, 2)).toEqual([
      'mpirun',
      '--mca',
      'mpi_yield_when_idle',
      '1',
      '-np',
      '4',
      '--map-by',
      'ppr:2:node',
    ]);
    expect(settings().mpiYieldWhenIdle).toBe(false);
  });
});
