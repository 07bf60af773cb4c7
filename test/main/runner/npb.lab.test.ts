// NPB through SSH on the lab: the test tree tarred up, uploaded, built and run serial, OpenMP and MPI on 1, 2
// and 4 hosts; a broken build reports the compiler's error; BT on 3 ranks is refused before anything runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNpb } from '../../../main/runner/npb/run.ts';
import { removeMpiKeys } from '../../../main/runner/mpi/keys.ts';
import type { BenchEndpoint } from '../../../main/runner/remote.ts';
import { labBench, type LabBench } from './lab-bench.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';

let lab: LabBench;
let work: string;
let tarball: string;
let brokenTarball: string;
let hosts: BenchEndpoint[];

beforeAll(async () => {
  lab = await labBench(4);
  work = mkdtempSync(join(tmpdir(), 'virtlab-npb-'));
  tarball = npbTestTarball();
  brokenTarball = npbTestTarball((top) => writeFileSync(join(top, 'NPB3.4-OMP/EP/ep.f90'), 'program ep\n  this is not fortran\nend program ep\n'));
  hosts = await Promise.all(lab.inv.hosts.slice(0, 4).map((h) => lab.bench(h)));
});

afterAll(async () => {
  if (hosts) await removeMpiKeys('lab-native', hosts).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
  await lab?.close();
});

describe('NPB on lab endpoints', () => {
  it('refuses BT on 3 ranks before anything runs', async () => {
    let contacted = false;
    const spy: BenchEndpoint = {
      ...hosts[0]!,
      host: {
        label: 'spy',
        withClient: () => {
          contacted = true;
          throw new Error('must not connect');
        },
      },
    };
    const r = await runNpb({
      endpoints: [spy, spy, spy],
      source: { kind: 'file', path: tarball },
      params: { kernels: ['BT'], class: 'S', variant: 'mpi', nodeCounts: [3] },
    });
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/BT needs a square number of MPI ranks/);
    expect(r.commands).toHaveLength(0);
    expect(contacted).toBe(false);
  });

  it('builds and runs EP and IS class S serial and OpenMP on one endpoint', async () => {
    for (const variant of ['serial', 'openmp'] as const) {
      const r = await runNpb({ endpoints: [hosts[0]!], source: { kind: 'file', path: tarball }, params: { kernels: ['EP', 'IS'], class: 'S', variant } });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe('ok');
      expect(r.verified).toBe(true);
      const times = r.metrics.filter((m) => m.name === 'time');
      expect(times.map((m) => m.point.kernel)).toEqual(['EP', 'IS']);
      const builds = r.commands.filter((c) => c.argv[0] === 'make');
      expect(builds.map((c) => c.argv.slice(-2))).toEqual([
        ['ep', 'CLASS=S'],
        ['is', 'CLASS=S'],
      ]);
      if (variant === 'serial') expect(r.info.serialFrom).toBe('SER');
      else expect(Number(r.info.threads)).toBeGreaterThanOrEqual(1);
      console.log(`[npb ${variant}] tree ${r.info.tree}, ${times.map((m) => `${m.point.kernel} ${m.value}s`).join(', ')}, verified ${r.verified}`);
    }
  });

  it('runs EP and IS class S with MPI on 1, 2 and 4 hosts, verification SUCCESSFUL', async () => {
    const r = await runNpb({
      endpoints: hosts,
      source: { kind: 'file', path: tarball },
      mpiKeyId: 'lab-native',
      params: { kernels: ['EP', 'IS'], class: 'S', variant: 'mpi', nodeCounts: [1, 2, 4], mpi: 'openmpi' },
    });
    expect(r.error).toBeUndefined();
    expect(r.verified).toBe(true);
    const runs = r.commands.filter((c) => c.label.startsWith('npb '));
    expect(runs).toHaveLength(6);
    for (const c of runs) {
      expect(c.stdout).toMatch(/Verification\s*=\s*SUCCESSFUL/);
      expect(c.argv).toEqual(expect.arrayContaining(['--bind-to', 'none', '--allow-run-as-root', 'btl', 'tcp,self', 'btl_tcp_if_include']));
    }
    const procs = r.metrics.filter((m) => m.name === 'time').map((m) => `${m.point.kernel}x${m.point.nodes}`);
    expect(procs).toEqual(['EPx1', 'ISx1', 'EPx2', 'ISx2', 'EPx4', 'ISx4']);
    console.log(
      `[npb mpi] ${r.metrics
        .filter((m) => m.name === 'time')
        .map((m) => `${m.point.kernel} x${m.point.nodes}: ${m.value}s`)
        .join(', ')}`,
    );
  });

  it('reports the compiler error of a broken build and keeps its output', async () => {
    const r = await runNpb({
      endpoints: [hosts[1]!],
      source: { kind: 'file', path: brokenTarball },
      params: { kernels: ['EP'], class: 'S', variant: 'openmp' },
    });
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/building NPB EP class S on .* failed: .*ep\.f90:\d+.*Error/);
    const build = r.commands.find((c) => c.argv[0] === 'make')!;
    expect(build.code).not.toBe(0);
    expect(build.stdout).toContain('Error');
    console.log(`[npb broken] ${r.info.firstCompilerError}`);
  });
});
