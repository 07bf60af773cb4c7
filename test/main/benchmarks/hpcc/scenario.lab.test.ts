// HPCC in a scenario as a user runs it from a terminal, on the lab's own hosts (instance vh): native hosts vs
// Charliecloud containers on the same hosts (VirtLab's benchmark image, which carries Debian's hpcc), serial and MPI on
// 1, 2 and 4 nodes, to the end. Every stored metric is the number in the run's stored raw output, the container runs'
// facts say charliecloud and their MPI ranks start through ch-run, nothing is left on the hosts, and the Compare
// figures and the PDF carry HPCC's figures against the native baseline.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSummary } from '../../../../main/benchmarks/hpcc/parse.ts';
import { hpccMetricSpecs } from '../../../../main/benchmarks/hpcc/metrics.ts';
import { cliIn } from '../../../support/cli-in.ts';
import { databaseFile } from '../../../../main/config/data-dir.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRawLogsRepo } from '../../../../main/store/repos/raw-logs.ts';
import { assertLabTarget, execIn, labDown, labUp, type LabInventory } from '../../../lab/api.ts';
import { hostState } from '../../../lab/host-state.ts';
import { labImage } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';

const config = LAB_INSTANCES.hpcc;
// VIRTLAB_HPCC_DATA_DIR keeps the data folder (to look at the Compare page and the PDF afterwards).
const keep = process.env.VIRTLAB_HPCC_DATA_DIR;
const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'vl-hpcc-'));
let inv: LabInventory;
let archive: string;

const cli = cliIn(dataDir);
const N = 500;

const SCENARIO = `
name: HPCC native vs Charliecloud
platforms: [native, ch]
baseline: native
benchmarks:
  - benchmark: hpcc
    params: { variants: [serial, mpi], mpiNodes: [1, 2, 4], problemSize: ${N} }
repetitions: 1
maxParallel: 1
`;

// What a campaign could leave on a host: links, routes, rules, MPI key lines and anything inside the runner's guest,
// run and MPI folders (the folders themselves are VirtLab's workspace and stay, empty, once made).
const LEFT =
  'cat "$HOME/.ssh/authorized_keys" 2>/dev/null; find "$HOME/.virtlab/guests" "$HOME/.virtlab/runs" "$HOME/.virtlab/mpi" -mindepth 1 -maxdepth 1 2>/dev/null';
const hostsState = async (): Promise<string> => (await Promise.all(inv.hosts.map((h) => hostState(h, LEFT)))).join('\n---\n');
let before = '';

beforeAll(async () => {
  inv = await labUp({ hosts: 4, config });
  archive = (await labImage('base')).path;
  for (const e of inv.hosts) await assertLabTarget(e.address, inv.bridge);
  for (const e of inv.hosts) await execIn(e, ['rm', '-rf', '/root/.virtlab/runs']);
  // Every lab host shares the machine's 2 cores: spinning MPI ranks starve each other (HPCC's ring tests on 4 ranks
  // took 2 minutes). Like a site's setting for oversubscribed nodes, each host's own home (this instance's) tells
  // Open MPI to yield when idle, and mpirun to hand that on to every rank: a rank inside ch-run has the guest folder as
  // its HOME and does not read the host's file.
  for (const e of inv.hosts)
    await execIn(e, [
      'sh',
      '-c',
      'mkdir -p /root/.openmpi && printf "mpi_yield_when_idle = 1\\nmca_base_env_list = OMPI_MCA_mpi_yield_when_idle=1\\n" > /root/.openmpi/mca-params.conf',
    ]);
}, 600_000);

afterAll(async () => {
  if (!keep) rmSync(dataDir, { recursive: true, force: true });
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
});

type Run = {
  id: number;
  benchmark: string;
  nodes: number;
  state: string;
  error: string | null;
  bv: string | null;
  platform: string;
  command: string | null;
  facts: string | null;
};

describe('HPCC scenario on the lab (native vs Charliecloud)', () => {
  it('describes the lab and plans serial + MPI on 1, 2 and 4 nodes per platform', async () => {
    for (const h of inv.hosts) expect((await cli('hosts', 'add', h.name, '--address', h.address, '--user', 'root', '--key', inv.keyPath)).code).toBe(0);
    const checked = await cli('hosts', 'check', `${inv.prefix}-h0[1-4]`);
    expect(checked.code, checked.out + checked.err).toBe(0);
    const hosts = `${inv.prefix}-h0[1-4]`;
    const native = await cli('platforms', 'define', 'native', '--technology', 'native', '--product', 'lab netns hosts', '--endpoints', hosts, '--baseline');
    expect(native.code, native.err).toBe(0);
    const ch = await cli('platforms', 'define', 'ch', '--provider', 'charliecloud', '--endpoints', hosts, '--set', `imageArchive=${archive}`);
    expect(ch.code, ch.out + ch.err).toBe(0);
    writeFileSync(join(dataDir, 'scenario.yaml'), SCENARIO);
    const plan = await cli('scenario', 'plan', join(dataDir, 'scenario.yaml'), '--json');
    expect(plan.code, plan.err).toBe(0);
    const entries = (JSON.parse(plan.out) as { entries: { benchmark: string; nodeCount: number; params: { problemSize: number } }[] }).entries;
    expect(entries.map((e) => `${e.benchmark}x${e.nodeCount}`).sort()).toEqual(
      ['hpcc-mpi', 'hpcc-serial']
        .flatMap((b) => (b === 'hpcc-serial' ? [1] : [1, 2, 4]).map((n) => `${b}x${n}`))
        .flatMap((x) => [x, x])
        .sort(),
    );
    expect(entries.every((e) => e.params.problemSize === N)).toBe(true);
  });

  it("runs to the end; every stored metric is the number in the run's stored hpccoutf.txt; the container runs ran in Charliecloud", async () => {
    before = await hostsState();
    const run = await cli('scenario', 'run', join(dataDir, 'scenario.yaml'), ...(keep ? [] : ['--quiet']), '--poll-ms', '300');
    if (keep) writeFileSync(join(dataDir, 'cli.out'), run.out + run.err);
    expect(run.code, `${run.out.slice(-3000)}\n${run.err.slice(-2000)}`).toBe(0);
    const db = openDatabase({ path: databaseFile(dataDir), readonly: true });
    try {
      const runs = db
        .prepare(
          `SELECT r.id, r.benchmark, r.node_count AS nodes, r.state, r.error, r.benchmark_version AS bv, p.name AS platform, r.command, f.json AS facts
           FROM runs r JOIN platforms p ON p.id = r.platform_id LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = 1`,
        )
        .all() as Run[];
      expect(runs.map((r) => `${r.platform} ${r.benchmark}x${r.nodes} ${r.state} ${r.error ?? ''}`.trim()).sort()).toEqual(
        ['ch', 'native'].flatMap((p) => [`${p} hpcc-mpix1 done`, `${p} hpcc-mpix2 done`, `${p} hpcc-mpix4 done`, `${p} hpcc-serialx1 done`]),
      );
      const raw = createRawLogsRepo(db);
      const metricsOf = db.prepare('SELECT name, point, value, unit FROM metrics WHERE run_id = ?');
      for (const r of runs) {
        expect(r.bv, r.benchmark).toMatch(/^hpcc \d/);
        const summary = readSummary(raw.getText(r.id, 'stdout') ?? '');
        expect(summary.values.get('CommWorldProcs'), `run ${r.id}`).toBe(String(r.nodes));
        expect(summary.values.get('HPL_N')).toBe(String(N));
        const stored = metricsOf.all(r.id) as { name: string; point: string; value: number; unit: string }[];
        const expected = hpccMetricSpecs
          .filter((m) => !('needsPeers' in m && m.needsPeers) || r.nodes > 1)
          .map((m) => ({ name: m.name, point: m.name, value: Number(summary.values.get(m.key)) * m.scale, unit: m.unit }));
        expect(
          stored.sort((a, b) => a.name.localeCompare(b.name)),
          `run ${r.id}`,
        ).toEqual(expected.sort((a, b) => a.name.localeCompare(b.name)));
        // Where it ran: the facts probed on the run's endpoint, and for MPI the ranks the hosts' mpirun started.
        const container = (JSON.parse(r.facts ?? '{}') as { virtualization?: { container: string | null } }).virtualization?.container;
        const command = (JSON.parse(r.command ?? '[]') as string[]).join(' ');
        if (r.platform === 'ch') expect(container, `run ${r.id}`).toBe('charliecloud');
        else expect(container ?? null, `run ${r.id}`).not.toBe('charliecloud');
        // The stored command is the job script: the hosts' mpirun, each rank behind ch-run in the run folder (hpccinf.txt).
        if (r.benchmark === 'hpcc-mpi' && r.platform === 'ch') {
          expect(command).toMatch(new RegExp(`mpirun -np ${r.nodes} [^\\n]*exec ch-run -w [^\\n]*virtlab-ch-rank hpcc`));
          expect(command).toContain('-c "$PWD"');
        }
        if (r.platform === 'native') expect(command).not.toContain('ch-run');
      }
      expect(db.prepare("SELECT campaign_id, kind, handle, state FROM platform_resources WHERE state <> 'removed'").all()).toEqual([]);
    } finally {
      db.close();
    }
    expect(await hostsState()).toBe(before);
  }, 900_000);

  it("Compare's figures and the PDF carry HPCC's figures against the baseline", async () => {
    const figures = await cli('results', 'compare', '1', '--json');
    expect(figures.code, figures.err).toBe(0);
    const c = JSON.parse(figures.out) as { baseline: string; rows: { benchmark: string; metric: string; platform: string; nodeCount: number }[] };
    expect(c.baseline).toBe('native');
    const hpl = c.rows
      .filter((x) => x.metric === 'hpl')
      .map((x) => `${x.benchmark} ${x.platform} ${x.nodeCount}`)
      .sort();
    expect(hpl).toEqual(['ch', 'native'].flatMap((p) => [`hpcc-mpi ${p} 1`, `hpcc-mpi ${p} 2`, `hpcc-mpi ${p} 4`, `hpcc-serial ${p} 1`]).sort());
    const pdf = join(dataDir, 'hpcc.pdf');
    const printed = await cli('report', 'pdf', '1', '-o', pdf);
    expect(printed.code, printed.err).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/HPCC serial relative to the baseline/);
    expect(text).toMatch(/HPCC MPI over nodes/);
  }, 180_000);
});
