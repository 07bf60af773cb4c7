// Which MPI a `mpirun --version` / `mpiexec --version` text names, and the scenario's `mpi` reaching the run params.
import { describe, expect, it } from 'vitest';
import { Scenario } from '../../../main/contract/scenarios.ts';
import { mpiImplOf } from '../../../main/runner/mpi/detect.ts';
import { mpiLaunch } from '../../../main/runner/mpi/launch.ts';
import { sweepPoints } from '../../../main/scenarios/points.ts';

// First lines as Debian 12's openmpi-bin 4.1.4 and mpich 4.0.2 print them.
const OPEN_MPI = 'mpirun (Open MPI) 4.1.4\n\nReport bugs to http://www.open-mpi.org/community/help/\n';
const HYDRA =
  'HYDRA build details:\n    Version:                                 4.0.2\n    Release Date:                            Thu Apr  7 12:34:45 CDT 2022\n';

describe('MPI implementation of an endpoint', () => {
  it('tells Open MPI from MPICH (Hydra) and neither from something else', () => {
    expect(mpiImplOf(OPEN_MPI)).toBe('openmpi');
    expect(mpiImplOf(HYDRA)).toBe('mpich');
    expect(mpiImplOf('sh: 1: mpirun: not found')).toBeUndefined();
  });

  it("launches MPICH through the app ssh wrapper on the nodes' interface", () => {
    const one = mpiLaunch({ impl: 'mpich', launcher: 'mpiexec.mpich', hostfile: '/h', sshWrapper: '/w/ssh', isRoot: true, ifaces: ['eth0', 'eth0'] });
    expect(one.extraArgs).toEqual(['-launcher', 'ssh', '-launcher-exec', '/w/ssh', '-iface', 'eth0', '-genv', 'UCX_NET_DEVICES', 'eth0']);
    // Different names: Hydra's -iface takes one, UCX a list.
    const two = mpiLaunch({ impl: 'mpich', launcher: 'mpiexec.mpich', hostfile: '/h', sshWrapper: '/w/ssh', isRoot: true, ifaces: ['eth0', 'ens3'] });
    expect(two.extraArgs).toEqual(['-launcher', 'ssh', '-launcher-exec', '/w/ssh', '-genv', 'UCX_NET_DEVICES', 'eth0,ens3']);
  });
});

describe('scenario NPB sweep', () => {
  const scenario = (mpi?: string) =>
    Scenario.parse({
      name: 's',
      platforms: ['native'],
      benchmarks: [{ benchmark: 'npb', params: { kernels: ['ep'], classes: ['S'], variants: ['serial', 'mpi'], mpiNodes: [2], ...(mpi ? { mpi } : {}) } }],
    });
  it('carries a named MPI into every MPI point and leaves it out otherwise', () => {
    const named = sweepPoints(scenario('mpich').benchmarks[0]!);
    expect(named.map((p) => ('mpi' in p.params ? p.params.mpi : undefined))).toEqual([undefined, 'mpich']);
    expect(sweepPoints(scenario().benchmarks[0]!).every((p) => !('mpi' in p.params))).toBe(true);
    expect(() => scenario('mvapich')).toThrow();
  });
});
