import { describe, expect, it } from 'vitest';
import { npbBinaryPath, npbBuildArgv, npbHostfile, npbRunArgv } from '../../../../main/benchmarks/npb/command.ts';
import { npbParamsSchema } from '../../../../main/benchmarks/npb/params.ts';

describe('NPB params', () => {
  it('defaults to class C of every kernel, serial, NPB 3.4', () => {
    const p = npbParamsSchema.parse({});
    expect(p).toMatchObject({ version: '3.4', class: 'C', variant: 'serial', threads: 1, nodeCounts: [1, 4, 16, 64], mpi: 'openmpi' });
    expect(p.kernels).toEqual(['EP', 'IS', 'CG', 'MG', 'FT', 'BT', 'SP', 'LU']);
  });

  it('rejects node counts a chosen MPI kernel cannot use, with the rule in the message', () => {
    const r = npbParamsSchema.safeParse({ variant: 'mpi', kernels: ['BT', 'CG'], nodeCounts: [2] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toEqual([expect.stringContaining('NPB BT needs a square number')]);
    expect(npbParamsSchema.safeParse({ variant: 'serial', kernels: ['BT'], nodeCounts: [2] }).success).toBe(true);
    expect(npbParamsSchema.safeParse({ class: 'G' }).success).toBe(false);
  });
});

describe('NPB build and run argv', () => {
  const base = { sourceDir: '/opt/NPB/', class: 'C' as const, threads: 4 };

  it('builds with make -C <tree> <kernel> CLASS=<c>; 3.3 MPI also fixes NPROCS', () => {
    expect(npbBuildArgv({ ...base, version: '3.4', variant: 'openmp' }, 'BT')).toEqual(['make', '-C', '/opt/NPB/NPB3.4-OMP', 'bt', 'CLASS=C']);
    expect(npbBuildArgv({ ...base, version: '3.4', variant: 'mpi' }, 'BT', 16)).toEqual(['make', '-C', '/opt/NPB/NPB3.4-MPI', 'bt', 'CLASS=C']);
    expect(npbBuildArgv({ ...base, version: '3.3', variant: 'mpi' }, 'BT', 16)).toEqual(['make', '-C', '/opt/NPB/NPB3.3-MPI', 'bt', 'CLASS=C', 'NPROCS=16']);
    expect(() => npbBuildArgv({ ...base, version: '3.3', variant: 'mpi' }, 'BT', 8)).toThrow(/square/);
    expect(npbBinaryPath({ ...base, version: '3.3', variant: 'mpi' }, 'IS', 4)).toBe('/opt/NPB/NPB3.3-MPI/bin/is.C.4');
    expect(npbBinaryPath({ ...base, version: '3.3', variant: 'serial' }, 'IS')).toBe('/opt/NPB/NPB3.3-SER/bin/is.C.x');
  });

  it('runs serial directly and OpenMP with OMP_NUM_THREADS', () => {
    expect(npbRunArgv({ ...base, version: '3.4', variant: 'serial' }, 'EP')).toEqual(['/opt/NPB/NPB3.4-SER/bin/ep.C.x']);
    expect(npbRunArgv({ ...base, version: '3.4', variant: 'openmp' }, 'EP')).toEqual(['env', 'OMP_NUM_THREADS=4', '/opt/NPB/NPB3.4-OMP/bin/ep.C.x']);
  });

  it('launches one rank a node with Open MPI and with MPICH', () => {
    const p = { ...base, version: '3.4' as const, variant: 'mpi' as const };
    expect(npbRunArgv(p, 'CG', 4, { impl: 'openmpi', hostfile: '/tmp/hosts', allowRunAsRoot: true, extraArgs: ['--mca', 'btl', 'tcp,self'] })).toEqual([
      'mpirun',
      '-np',
      '4',
      '--hostfile',
      '/tmp/hosts',
      '--map-by',
      'ppr:1:node',
      '--bind-to',
      'none',
      '--allow-run-as-root',
      '--mca',
      'btl',
      'tcp,self',
      '/opt/NPB/NPB3.4-MPI/bin/cg.C.x',
    ]);
    expect(npbRunArgv(p, 'CG', 4, { impl: 'mpich', hostfile: '/tmp/hosts' })).toEqual([
      'mpiexec',
      '-n',
      '4',
      '-f',
      '/tmp/hosts',
      '-ppn',
      '1',
      '/opt/NPB/NPB3.4-MPI/bin/cg.C.x',
    ]);
    expect(() => npbRunArgv(p, 'CG', 6, { impl: 'mpich', hostfile: '/tmp/hosts' })).toThrow(/power-of-two/);
    expect(() => npbRunArgv(p, 'CG')).toThrow(/rank count/);
  });

  it('writes hostfiles with one slot per host', () => {
    expect(npbHostfile('openmpi', ['10.0.0.1', 'node2'])).toBe('10.0.0.1 slots=1\nnode2 slots=1\n');
    expect(npbHostfile('mpich', ['10.0.0.1', 'node2'])).toBe('10.0.0.1:1\nnode2:1\n');
    expect(() => npbHostfile('mpich', ['a\nb'])).toThrow(/not a host/);
  });
});
