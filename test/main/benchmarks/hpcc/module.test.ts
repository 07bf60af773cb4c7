// The HPCC module as the planner and the run driver see it: points, endpoints, requirements, the job, the parse.
import { describe, expect, it } from 'vitest';
import { hpcc } from '../../../../main/benchmarks/hpcc/module.ts';
import { moduleOfRun } from '../../../../main/benchmarks/registry.ts';
import { jobScript, splitPoints } from '../../../../main/runner/run-driver/job-script.ts';
import { fixture } from '../fixture.ts';

const sweep = hpcc.sweep.parse({ benchmark: 'hpcc', params: { problemSize: 500, mpiNodes: [1, 2, 4] } }).params;
const mpi = {
  argv: ['/usr/bin/mpirun', '-np', '2', '--hostfile', '/r/hostfile'],
  hostfile: ['/r/hostfile', '10.0.0.1 slots=1\n10.0.0.2 slots=1\n'] as [string, string],
  impl: 'openmpi' as const,
};

describe('hpcc module', () => {
  it('plans serial once and MPI per node count, one rank a node, under its own stored names', () => {
    const points = hpcc.points(sweep);
    expect(points.map((p) => [p.label, p.nodeCount, hpcc.runName(p.params), hpcc.endpoints(p.params)])).toEqual([
      ['HPCC N=500 serial', 1, 'hpcc-serial', 1],
      ['HPCC N=500 MPI 1n', 1, 'hpcc-mpi', 1],
      ['HPCC N=500 MPI 2n', 2, 'hpcc-mpi', 2],
      ['HPCC N=500 MPI 4n', 4, 'hpcc-mpi', 4],
    ]);
    expect(moduleOfRun('hpcc-mpi')).toBe(hpcc);
    expect(hpcc.check(sweep, [{ name: 'small', endpoints: ['a', 'b'] }])).toEqual([
      { path: 'mpiNodes[2]', message: '4 nodes but platform "small" has only 2 endpoint(s)' },
    ]);
  });

  it("needs the hpcc tool everywhere and the backend's MPI launch for the MPI variant only", () => {
    const [serial, , two] = hpcc.points(sweep).map((p) => p.params);
    expect(hpcc.requirements(serial!).map((r) => r.kind)).toEqual(['tool']);
    expect(hpcc.requirements(two!)).toContainEqual({ kind: 'mpi', nodes: 2, ranks: 2 });
  });

  it('writes hpccinf.txt, launches hpcc (through mpirun for MPI) and prints hpccoutf.txt after the point marker', () => {
    const [serial, , two] = hpcc.points(sweep).map((p) => p.params);
    const s = hpcc.job(serial!, { addresses: ['10.0.0.1'], runFolder: '/r' });
    expect(s.files?.map((f) => f[0])).toEqual(['hpccinf.txt']);
    expect(s.steps[0]!.argv).toEqual(['sh', '-c', 'rm -f hpccoutf.txt; "$@"; rc=$?; cat hpccoutf.txt; exit $rc', 'hpcc-run', 'hpcc']);
    const m = hpcc.job(two!, { addresses: ['10.0.0.1', '10.0.0.2'], runFolder: '/r', mpi });
    expect(m.files?.map((f) => f[0])).toEqual(['hpccinf.txt', '/r/hostfile']);
    expect(m.files?.[0]?.[1]).toMatch(/^1 +Ps\n2 +Qs$/m);
    expect(m.steps[0]!.argv.slice(4)).toEqual([...mpi.argv, 'hpcc']);
    expect(() => hpcc.job(two!, { addresses: ['10.0.0.1', '10.0.0.2'], runFolder: '/r' })).toThrow(/needs its MPI launch/);
    expect(jobScript(m)).toContain('\'rm -f hpccoutf.txt; "$@"; rc=$?; cat hpccoutf.txt; exit $rc\' hpcc-run /usr/bin/mpirun -np 2 ');
  });

  it('parses a marked section into one metric per test at its own point, and refuses an output of another size or rank count', () => {
    const [serial, , two] = hpcc.points(sweep).map((p) => p.params);
    const text = `@@virtlab-point {"variant":"mpi"}\n${fixture('hpcc', 'n500.mpi2-one-host.txt')}`;
    const [section] = splitPoints(text);
    const out = hpcc.parse(section!.text, section!.point, two!);
    expect(out.metrics.find((x) => x.name === 'pingpong_latency')).toEqual({
      name: 'pingpong_latency',
      point: 'pingpong_latency',
      value: 4.60334,
      unit: 'us',
      better: 'lower',
    });
    expect(() => hpcc.parse(section!.text, section!.point, serial!)).toThrow('HPCC ran on 2 process(es), the run asked for 1');
    expect(() => hpcc.parse(section!.text, section!.point, { ...two!, problemSize: 1000 })).toThrow('the output is of HPL N=500, the run asked for N=1000');
  });

  it('estimates more for more ranks and bigger matrices', () => {
    const [serial, one, two, four] = hpcc.points(sweep).map((p) => hpcc.estimate(p.params).runSec);
    expect(serial).toBeLessThan(one!);
    expect(one).toBeLessThan(two!);
    expect(two).toBeLessThan(four!);
    expect(hpcc.estimate({ variant: 'serial', problemSize: 2000, blockSize: 80 }).runSec).toBeGreaterThan(serial!);
  });
});
