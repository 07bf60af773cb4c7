import { describe, expect, it } from 'vitest';
import { describeBackend, parseBackendSettings } from '../../../main/backends/catalog.ts';
import { openRunBackend } from '../../../main/backends/registry.ts';

const slurm = { login: 'login1', partition: 'lab', timeLimitMin: 10, workDir: '/shared/virtlab' };

describe('backend catalog', () => {
  it("reads each backend's settings with its schema, with every problem and its path", () => {
    expect(parseBackendSettings('ssh', undefined)).toEqual({ settings: {} });
    expect(parseBackendSettings('slurm', slurm)).toEqual({
      settings: { ...slurm, exclusive: false, extraSbatch: [], mpiLauncher: 'srun-pmix', mpiYieldWhenIdle: false },
    });
    const bad = parseBackendSettings('slurm', { login: 'l', timeLimitMin: 0, workDir: 'rel', extraSbatch: ['--nodelist=x'] });
    expect('error' in bad && bad.error).toMatch(
      /backendSettings\.timeLimitMin: .*backendSettings\.extraSbatch\.0: VirtLab sets this sbatch option itself.*backendSettings\.workDir: an absolute path/,
    );
    expect(parseBackendSettings('pbs', {})).toEqual({ error: 'no execution backend "pbs" (known: ssh, slurm)' });
  });

  it('says in the plan what a batch platform asks: jobs by node count, time per job, node-hours', () => {
    const text = describeBackend('slurm')!.demand!(slurm, [{ nodes: 1 }, { nodes: 2 }, { nodes: 4 }, { nodes: 1 }]);
    expect(text).toBe('Slurm partition lab: 4 job(s) (2 x 1 node, 1 x 2 nodes, 1 x 4 nodes), 10 min each at most, at most 1.33 node-hours');
    expect(describeBackend('ssh')!.demand).toBeUndefined();
    expect(describeBackend('slurm')!.loginOf!(slurm)).toBe('login1');
  });

  it('opens the backend a platform names (none: ssh); an unknown one or bad settings are refused', () => {
    const deps = { controlTimeoutMs: 1000, session: (h: string) => ({ host: undefined as never, name: h }) };
    expect(openRunBackend(null, {}, deps).mpiLaunch).toBeUndefined();
    expect(openRunBackend('slurm', slurm, deps).mpiLaunch!(4, 1)).toEqual([
      'srun',
      '--mpi=pmix',
      '--export=ALL,SLURM_PMIX_FENCE=ring',
      '--kill-on-bad-exit=1',
      '--nodes=4',
      '--ntasks-per-node=1',
    ]);
    expect(() => openRunBackend('pbs', {}, deps)).toThrow('no execution backend "pbs"');
    expect(() => openRunBackend('slurm', { login: 'x' }, deps)).toThrow(/backend slurm: backendSettings\.timeLimitMin/);
  });
});
