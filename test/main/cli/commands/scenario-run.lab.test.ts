// The campaigns acceptance as a user runs it from a terminal, on the real lab with the real benchmarks:
// hosts and guests added, keys recorded, platforms defined, then native vs container with a netperf sweep, an IOzone
// sweep and NPB EP and IS from the test tree (serial, OpenMP, MPI on 1, 2 and 4 hosts), 3 repetitions, run to the end;
// the comparison shows every point with its confidence interval.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliIn } from '../../../support/cli-in.ts';
import { databaseFile } from '../../../../main/config/data-dir.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { loadInventory, type LabInventory } from '../../../lab/api.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vl-cli-scenario-'));
let inv: LabInventory;

const cli = cliIn(dataDir);

const SCENARIO = `
name: paper method on the lab
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR, TCP_STREAM], messageSizes: [1, 64, 1024], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [1024, 2048], recordSize: 64 }
  - benchmark: npb
    params: { kernels: [EP, IS], classes: [W], variants: [serial, openmp, mpi], threads: [2], mpiNodes: [1, 2, 4] }
repetitions: 3
order: interleaved
maxParallel: 2
`;

beforeAll(() => {
  inv = loadInventory();
  expect(inv.hosts.length).toBeGreaterThanOrEqual(4);
});

describe('virtlab scenario run (real benchmarks, native vs container)', () => {
  it('describes the lab: hosts, guests, keys recorded, platforms', async () => {
    const hosts = inv.hosts.slice(0, 4);
    for (const h of hosts) expect((await cli('hosts', 'add', h.name, '--address', h.address, '--user', 'root', '--key', inv.keyPath)).code).toBe(0);
    for (const g of inv.guests.filter((x) => hosts.some((h) => h.name === x.host))) {
      expect(
        (await cli('hosts', 'add', g.name, '--address', g.address, '--user', 'root', '--key', inv.keyPath, '--guest-of', g.host, '--technology', 'namespace'))
          .code,
      ).toBe(0);
    }
    const checked = await cli('hosts', 'check', `${inv.prefix}-h0[1-4],${inv.prefix}-h0[1-4]-g`);
    expect(checked.code, checked.out + checked.err).toBe(0);
    expect(
      (
        await cli(
          'platforms',
          'define',
          'native',
          '--technology',
          'native',
          '--product',
          'lab netns hosts',
          '--endpoints',
          `${inv.prefix}-h0[1-4]`,
          '--baseline',
        )
      ).code,
    ).toBe(0);
    const container = await cli(
      'platforms',
      'define',
      'container',
      '--technology',
      'os-level',
      '--product',
      'unshare namespaces',
      '--endpoints',
      `${inv.prefix}-h0[1-4]-g`,
    );
    expect(container.code, container.err).toBe(0);
  });

  it('validates and plans the scenario: 2 platforms x 3 repetitions x (4 netperf + 2 IOzone + 10 NPB)', async () => {
    writeFileSync(join(dataDir, 'scenario.yaml'), SCENARIO);
    expect((await cli('scenario', 'validate', join(dataDir, 'scenario.yaml'))).code).toBe(0);
    const plan = await cli('scenario', 'plan', join(dataDir, 'scenario.yaml'), '--json');
    expect(plan.code, plan.err).toBe(0);
    const entries = (JSON.parse(plan.out) as { entries: unknown[] }).entries;
    // netperf: TCP_RR at 3 sizes + TCP_STREAM; IOzone: 2 sizes; NPB: 2 kernels x (serial, OpenMP, MPI on 1, 2, 4).
    expect(entries.length).toBe(2 * 3 * (4 + 2 + 10));
  });

  it('runs to the end with every planned run done, once', async () => {
    const run = await cli('scenario', 'run', join(dataDir, 'scenario.yaml'), '--npb-source', npbTestTarball(), '--quiet', '--poll-ms', '300');
    expect(run.code, `${run.out.slice(-3000)}\n${run.err.slice(-2000)}`).toBe(0);
    const db = openDatabase({ path: databaseFile(dataDir), readonly: true });
    try {
      const planned = (db.prepare('SELECT COUNT(DISTINCT plan_index) AS n FROM runs WHERE campaign_id = 1').get() as { n: number }).n;
      const done = db.prepare("SELECT plan_index, COUNT(*) AS n FROM runs WHERE campaign_id = 1 AND state = 'done' GROUP BY plan_index").all() as {
        n: number;
      }[];
      expect(done.length).toBe(planned);
      expect(done.every((r) => r.n === 1)).toBe(true);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      // Provenance on every run: the exact command, the benchmark (and for NPB the compiler) version, and the facts
      // of the endpoint it ran on, whose hostname is that endpoint's.
      const runs = db
        .prepare(
          `SELECT r.benchmark, r.command, r.benchmark_version AS bv, r.compiler_version AS cv, f.json AS facts, h.name AS host
        FROM runs r JOIN facts_snapshots f ON f.id = r.facts_snapshot_id JOIN platform_endpoints pe ON pe.id = f.endpoint_id JOIN hosts h ON h.id = pe.host_id
        WHERE r.campaign_id = 1 AND r.state = 'done'`,
        )
        .all() as Array<{ benchmark: string; command: string | null; bv: string | null; cv: string | null; facts: string; host: string }>;
      expect(runs.length).toBe(planned);
      const hostnames = new Map([...inv.hosts, ...inv.guests].map((e) => [e.name, e.hostname]));
      for (const r of runs) {
        expect(JSON.parse(r.command ?? '[]')[0], r.benchmark).toBe('sh');
        expect(r.bv, r.benchmark).toMatch(r.benchmark === 'netperf' ? /^netperf \d/ : r.benchmark === 'iozone' ? /^iozone \d/ : /^NPB 3\.\d/);
        if (r.benchmark.startsWith('npb')) expect(r.cv, r.benchmark).toMatch(/gfortran/);
        expect(JSON.parse(r.facts).hostname).toBe(hostnames.get(r.host));
      }
    } finally {
      db.close();
    }
  }, 900_000);

  it('compares every point against native with a confidence interval', async () => {
    const r = await cli('results', 'compare', '1', '--json');
    expect(r.code, r.err).toBe(0);
    const c = JSON.parse(r.out) as {
      baseline: string;
      rows: Array<{ benchmark: string; metric: string; point: string; nodeCount: number; platform: string; n: number; ci: unknown; relativeCi: unknown }>;
    };
    const headline: Record<string, string> = { netperf: 'half_rtt', iozone: 'writer', 'npb-serial': 'time', 'npb-omp': 'time', 'npb-mpi': 'time' };
    for (const [benchmark, metric] of Object.entries(headline)) {
      const rows = c.rows.filter((x) => x.benchmark === benchmark && x.metric === metric);
      expect(new Set(rows.map((x) => x.platform)), `${benchmark}/${metric}`).toEqual(new Set(['native', 'container']));
      for (const row of rows) {
        const where = `${benchmark} ${row.point} x${row.nodeCount} on ${row.platform}`;
        expect(row.n, where).toBe(3);
        expect(row.ci, where).not.toBeNull();
        if (row.platform === 'container') expect(row.relativeCi, where).not.toBeUndefined();
      }
    }
    const table = await cli('results', 'compare', '1');
    expect(table.out.split('\n')[0]).toMatch(/95% CI/);
    const mpiNodes = new Set(c.rows.filter((x) => x.benchmark === 'npb-mpi').map((x) => x.nodeCount));
    expect([...mpiNodes].sort()).toEqual([1, 2, 4]);
  });
});
