// Campaigns end to end on the lab, through the CLI in a child process, with a real driver: each run is a real
// command started detached over SSH on its endpoint, reattached and collected over SSH. The process is killed
// with SIGKILL mid-campaign and resumed; a host's link is taken down mid-campaign; results travel as a bundle.
import { existsSync, statSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/open-database.ts';
import { databaseFile } from '../../../main/config/data-dir.ts';
import { hostLinkDown, hostLinkUp } from '../../lab/api.ts';
import { cli, commandDriverArgs, labDataDir, runFacts, type LabData } from './support/lab-campaign.ts';

const PAPER = (extra = '') => `
name: native-vs-container
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1, 1024], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [1024, 4096], recordSize: 64 }
  - benchmark: npb
    params: { kernels: [EP, IS], classes: [S], variants: [serial, openmp, mpi], threads: [2], mpiNodes: [1, 2, 4] }
repetitions: 3
order: randomized
maxParallel: 4
${extra}`;

// 2 netperf + 2 iozone + 2 kernels x (serial + openmp + 3 mpi) = 14 points, x 3 repetitions x 2 platforms.
const PAPER_RUNS = 84;

async function waitUntil<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function facts(data: LabData, campaignId = 1) {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return { ...runFacts(db, campaignId), integrity: db.pragma('integrity_check', { simple: true }) as string };
  } finally {
    db.close();
  }
}

let data: LabData;
beforeAll(async () => {
  data = await labDataDir(4);
});
afterAll(() => data?.cleanup());

describe('a native vs container campaign on the lab', () => {
  let compareBefore = '';

  it('validates, plans and runs to the end through the CLI', async () => {
    const file = join(data.dir, 'paper.yaml');
    writeFileSync(file, PAPER());
    const v = cli(data.dir, ['scenario', 'validate', file]);
    expect(await v.exit).toBe(0);
    const p = cli(data.dir, ['scenario', 'plan', file, '--seed', '7']);
    expect(await p.exit).toBe(0);
    expect(p.stdout()).toMatch(new RegExp(`${PAPER_RUNS} runs, order randomized \\(seed 7\\)`));

    const t0 = Date.now();
    const run = cli(data.dir, [
      'scenario',
      'run',
      file,
      '--seed',
      '7',
      ...commandDriverArgs(data.inv, `echo "value=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')"; sleep 0.5`),
    ]);
    const code = await run.exit;
    const seconds = (Date.now() - t0) / 1000;
    expect(run.stderr()).toBe('');
    expect(code).toBe(0);
    expect(run.stdout()).toMatch(new RegExp(`campaign 1 done: ${PAPER_RUNS}/${PAPER_RUNS} done, 0 failed`));
    const f = facts(data);
    expect(f).toMatchObject({ planned: PAPER_RUNS, doneEntries: PAPER_RUNS, doubled: 0, metricRuns: PAPER_RUNS, metricsOnUnfinished: 0, integrity: 'ok' });
    console.log(`[campaign] ${PAPER_RUNS} runs over SSH in ${seconds.toFixed(1)} s; states ${JSON.stringify(f.states)}`);

    const c = cli(data.dir, ['results', 'compare', '1']);
    expect(await c.exit).toBe(0);
    compareBefore = c.stdout();
    expect(compareBefore).toMatch(/vs native/);
    expect(compareBefore).toMatch(/container/);
    const st = cli(data.dir, ['campaign', 'status', '1', '--json']);
    expect(await st.exit).toBe(0);
    const status = JSON.parse(st.stdout()) as {
      campaign: { state: string; seed: number };
      runs: { endpoints: string[]; benchmark: string; nodeCount: number }[];
    };
    expect(status.campaign).toMatchObject({ state: 'done', seed: 7 });
    // A netperf run held a pair, an MPI run on 4 nodes held 4 endpoints.
    expect(status.runs.filter((r) => r.benchmark === 'netperf').every((r) => r.endpoints.length === 2)).toBe(true);
    expect(status.runs.filter((r) => r.nodeCount === 4 && r.benchmark === 'npb-mpi').every((r) => new Set(r.endpoints).size === 4)).toBe(true);
  });

  it('exports a bundle that an empty database imports into the same comparison, once', async () => {
    const bundle = join(data.dir, 'paper.vlbundle');
    const ex = cli(data.dir, ['results', 'export', bundle]);
    expect(await ex.exit).toBe(0);
    expect(ex.stdout()).toMatch(new RegExp(`1 campaign\\(s\\), ${PAPER_RUNS} runs`));
    const other = join(data.dir, 'other');
    const im = cli(other, ['results', 'import', bundle]);
    expect(await im.exit).toBe(0);
    expect(im.stdout()).toMatch(/1 campaign\(s\) added, 0 already present/);
    const again = cli(other, ['results', 'import', bundle]);
    expect(await again.exit).toBe(0);
    expect(again.stdout()).toMatch(/0 campaign\(s\) added, 1 already present, 0 runs/);
    const c = cli(other, ['results', 'compare', '1']);
    expect(await c.exit).toBe(0);
    expect(c.stdout()).toBe(compareBefore);

    // Cut short: refused, and the database it was imported into is unchanged.
    const cut = join(data.dir, 'cut.vlbundle');
    copyFileSync(bundle, cut);
    truncateSync(cut, Math.floor(statSync(bundle).size / 2));
    const odb = openDatabase({ path: databaseFile(other), readonly: true });
    const count = () =>
      odb.prepare('SELECT (SELECT COUNT(*) FROM runs) AS r, (SELECT COUNT(*) FROM metrics) AS m, (SELECT COUNT(*) FROM campaigns) AS c').get() as object;
    const before = count();
    const bad = cli(other, ['results', 'import', cut]);
    expect(await bad.exit).toBe(1);
    expect(bad.stderr()).toMatch(/refused: .*truncated/);
    expect(count()).toEqual(before);
    odb.close();
  });
});

describe('SIGKILL mid-campaign, then resume', () => {
  it('finishes with exactly the planned runs: none lost, none doubled', async () => {
    const file = join(data.dir, 'kill.yaml');
    writeFileSync(file, PAPER().replace('name: native-vs-container', 'name: killed').replace('repetitions: 3', 'repetitions: 1'));
    const driver = commandDriverArgs(data.inv, 'echo "value=$$"; sleep 3');
    const run = cli(data.dir, ['scenario', 'run', file, ...driver]);
    const id = await waitUntil('the campaign to be created', () => /campaign (\d+) \(/.exec(run.stdout())?.[1], 60_000).then(Number);
    // Kill it while some runs are done and others are executing remotely (launched: their folder has a pid).
    const launched = () => {
      const kdb = openDatabase({ path: data.dbPath, readonly: true });
      try {
        const under = kdb.prepare("SELECT remote_run_id AS rid, endpoints_json AS eps FROM runs WHERE campaign_id = ? AND state = 'running'").all(id) as {
          rid: string;
          eps: string;
        }[];
        return under
          .filter((r) => {
            const ep = [...data.inv.hosts, ...data.inv.guests].find((e) => e.name === (JSON.parse(r.eps) as string[])[0])!;
            return existsSync(join(ep.dir, 'home', '.virtlab', 'runs', r.rid, 'pid'));
          })
          .map((r) => r.rid);
      } finally {
        kdb.close();
      }
    };
    await waitUntil('runs done and runs executing remotely', () => (facts(data, id).states['done'] ?? 0) >= 3 && launched().length >= 1, 120_000);
    run.child.kill('SIGKILL');
    await run.exit;
    const atKill = facts(data, id);
    const live = launched();
    expect(live.length).toBeGreaterThan(0);
    expect(atKill.integrity).toBe('ok');

    const resume = cli(data.dir, ['campaign', 'resume', String(id), ...driver.filter((a) => a !== '--quiet')]);
    expect(await resume.exit).toBe(0);
    // Runs executing remotely at the kill were reattached or collected, not started again.
    for (const rid of live) expect(resume.stdout()).toMatch(new RegExp(`(reattached to|collecting) ${rid}`));
    const f = facts(data, id);
    expect(f).toMatchObject({ planned: 14 * 2, doneEntries: 14 * 2, doubled: 0, metricRuns: 14 * 2, metricsOnUnfinished: 0, integrity: 'ok' });
    console.log(`[campaign] killed with ${JSON.stringify(atKill.states)} (${live.length} executing remotely); after resume ${JSON.stringify(f.states)}`);
  });
});

describe('a host taken down mid-campaign', () => {
  it('fails only the runs that needed it, with the reason; the campaign finishes', async () => {
    const file = join(data.dir, 'down.yaml');
    writeFileSync(
      file,
      `
name: host-down
platforms: [native]
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024, 2048, 4096, 8192], recordSize: 64 }
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [mpi], mpiNodes: [4] }
repetitions: 4
order: grouped
failure: { retries: 0 }
sharing: { lockScope: endpoint }
`,
    );
    const run = cli(data.dir, ['scenario', 'run', file, ...commandDriverArgs(data.inv, 'echo "value=1"; sleep 4')]);
    const id = await waitUntil('the campaign to be created', () => /campaign (\d+) \(/.exec(run.stdout())?.[1], 60_000).then(Number);
    const victim = data.inv.hosts[2]!.name;
    await waitUntil(
      `a run under way on ${victim}`,
      () => {
        const db = openDatabase({ path: data.dbPath, readonly: true });
        try {
          return db.prepare("SELECT 1 FROM runs WHERE campaign_id = ? AND state = 'running' AND endpoints_json LIKE ?").get(id, `%${victim}%`) !== undefined;
        } finally {
          db.close();
        }
      },
      60_000,
    );
    await hostLinkDown(victim);
    let code: number | null;
    try {
      code = await run.exit;
    } finally {
      await hostLinkUp(victim);
    }
    expect(code, run.stdout() + run.stderr()).toBe(0);
    const db = openDatabase({ path: data.dbPath, readonly: true });
    try {
      const runs = db.prepare('SELECT state, error, endpoints_json AS eps, node_count AS nodes FROM runs WHERE campaign_id = ?').all(id) as {
        state: string;
        error: string | null;
        eps: string | null;
        nodes: number;
      }[];
      const failed = runs.filter((r) => r.state === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const r of failed) {
        expect(r.error).toContain(victim);
        // Either it was running there, or it needed all four hosts and one was down.
        expect(r.eps?.includes(victim) || r.nodes === 4).toBe(true);
      }
      const done = runs.filter((r) => r.state === 'done');
      expect(done.every((r) => !r.eps?.includes(victim) || r.nodes === 4)).toBe(true);
      expect(done.length + failed.length).toBe(runs.length);
      expect(done.filter((r) => r.nodes === 1).length).toBeGreaterThanOrEqual(16 - failed.filter((r) => r.nodes === 1).length);
      console.log(`[campaign] host down: ${done.length} done, ${failed.length} failed: ${[...new Set(failed.map((r) => r.error))].join(' | ')}`);
    } finally {
      db.close();
    }
  });
});
