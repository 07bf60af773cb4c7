// A campaign resumes with what it was started with, on its own lab instance with the real benchmark driver:
// native vs container with netperf, IOzone and NPB built from a tarball, VirtLab killed with SIGKILL at random
// moments and resumed each time with `campaign resume ID` alone; the tarball moved away before one resume (refused in
// one sentence, nothing charged); and a campaign whose only NPB platform cannot build NPB pauses after the first failure.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/store/open-database.ts';
import { labDown, labUp, type LabConfig } from '../../lab/api.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';
import { cli, labDataDir, runFacts, type LabData } from './support/lab-campaign.ts';

const config: LabConfig = LAB_INSTANCES.resume;
const KILLS = 5;

// 2 platforms x 2 repetitions x (netperf TCP_RR + IOzone 1 size + NPB EP serial + NPB EP MPI on 2 nodes) = 16 runs.
const SCENARIO = `
name: kill-and-resume
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [serial, mpi], mpiNodes: [2] }
repetitions: 2
order: randomized
maxParallel: 2
`;
const PLANNED = 16;

let data: LabData;
beforeAll(async () => {
  await labUp({ hosts: 2, config });
  data = await labDataDir(2, config);
}, 120_000);
afterAll(async () => {
  if (process.env.VIRTLAB_LAB_KEEP === '1') console.log(`[resume] data folder kept: ${data?.dir}`);
  else data?.cleanup();
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function snapshot(id: number) {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    const rows = db.prepare('SELECT id, plan_index AS p, attempt, state, benchmark FROM runs WHERE campaign_id = ? ORDER BY id').all(id) as {
      id: number;
      p: number;
      attempt: number;
      state: string;
      benchmark: string;
    }[];
    const c = db.prepare('SELECT state, paused, pause_reason AS reason FROM campaigns WHERE id = ?').get(id) as {
      state: string;
      paused: number;
      reason: string | null;
    };
    const transitions = (
      db.prepare('SELECT COUNT(*) AS n FROM run_transitions t JOIN runs r ON r.id = t.run_id WHERE r.campaign_id = ?').get(id) as { n: number }
    ).n;
    return { rows, campaign: c, transitions, ...runFacts(db, id), integrity: db.pragma('integrity_check', { simple: true }) as string };
  } finally {
    db.close();
  }
}

async function until(what: string, probe: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe('SIGKILL at random moments of a campaign with NPB from a tarball, resumed without any option', () => {
  it('ends with every run done exactly once; a moved tarball is refused in one sentence with every pending run left pending', async () => {
    const tarball = npbTestTarball();
    const file = join(data.dir, 'kill.yaml');
    writeFileSync(file, SCENARIO);
    const start = cli(data.dir, ['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--npb-source', tarball, '--poll-ms', '300']);
    await until('the campaign to be created', () => /campaign (\d+) \(/.test(start.stdout()), 60_000);
    const id = Number(/campaign (\d+) \(/.exec(start.stdout())![1]);
    let proc = start;
    const kills: string[] = [];
    let refusal = '';
    const resumes: ReturnType<typeof cli>[] = [];
    for (let k = 1; k <= KILLS; k++) {
      // A random moment after this process has moved the campaign on by 2-5 state changes (so every kill lands
      // somewhere new: installing, building NPB, running, collecting, between runs). Counted in state changes, not
      // seconds: five kills use at most ~30 of the campaign's 64+ changes however fast its runs are (a random wait of
      // up to 6 s let a fast campaign end before the fifth kill).
      const before = snapshot(id).transitions;
      const moves = 2 + Math.floor(Math.random() * 4);
      await until(`progress before kill ${k}`, () => snapshot(id).transitions >= before + moves || proc.child.exitCode !== null, 300_000);
      await sleep(Math.floor(Math.random() * 300));
      if (proc.child.exitCode !== null) break; // finished before this kill: nothing left to kill
      proc.child.kill('SIGKILL');
      await proc.exit;
      const at = snapshot(id);
      expect(at.integrity).toBe('ok');
      const underWay = at.rows.filter((r) => ['installing', 'running', 'parsing'].includes(r.state)).map((r) => `${r.benchmark} ${r.state}`);
      kills.push(`${JSON.stringify(at.states)} [${underWay.join(', ')}]`);

      if (k === 3) {
        // The tarball moved away: resume refuses before any run, in one sentence, and changes no run.
        const moved = `${tarball}.moved`;
        renameSync(tarball, moved);
        const refused = cli(data.dir, ['campaign', 'resume', String(id)]);
        expect(await refused.exit).toBe(1);
        refusal = refused.stderr();
        expect(refusal).toMatch(
          new RegExp(
            `^Campaign ${id} cannot resume: its NPB source ${tarball.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is gone; put the tarball \\(sha256 [0-9a-f]{16}…\\) back there or resume with --npb-source FILE naming a copy of it\\.\\n$`,
          ),
        );
        expect(refused.stdout()).toBe('');
        const after = snapshot(id);
        expect(after.rows).toEqual(at.rows);
        expect(after.campaign).toMatchObject({ paused: 1, reason: refusal.trim() });
        const status = cli(data.dir, ['campaign', 'status', String(id)]);
        expect(await status.exit).toBe(0);
        expect(status.stdout()).toContain(`paused because: ${refusal.trim()}`);
        renameSync(moved, tarball);
      }
      proc = cli(data.dir, ['campaign', 'resume', String(id)]);
      resumes.push(proc);
    }
    const code = await proc.exit;
    expect(code, `${proc.stdout().slice(-3000)}\n${proc.stderr().slice(-2000)}`).toBe(0);
    const end = snapshot(id);
    expect(end).toMatchObject({ planned: PLANNED, doneEntries: PLANNED, doubled: 0, metricRuns: PLANNED, metricsOnUnfinished: 0, integrity: 'ok' });
    expect(end.rows.filter((r) => r.state === 'failed')).toEqual([]);
    expect(refusal).not.toBe('');
    const reattached = resumes.map((r) => (r.stdout().match(/reattached to|collecting vl-/g) ?? []).length).reduce((a, b) => a + b, 0);
    expect(kills.length).toBe(KILLS);
    console.log(
      `[resume] ${kills.length} SIGKILLs, ${reattached} run(s) reattached or collected after one; states at each: ${kills.join(' | ')}; end ${JSON.stringify(end.states)}; refusal: ${refusal.trim()}`,
    );
  }, 1_500_000);
});

describe('a campaign whose only NPB platform cannot build NPB', () => {
  it('pauses with the reason after the first failure; every other run stays pending, none is charged', async () => {
    // The serial tree is the one serial runs build: a compile error there, as a broken tarball would have.
    const broken = npbTestTarball((top) => writeFileSync(join(top, 'NPB3.3-SER/EP/ep.f'), '      program ep\n      this is not fortran\n      end\n'));
    const file = join(data.dir, 'broken.yaml');
    writeFileSync(
      file,
      `
name: npb-does-not-build
platforms: [native]
benchmarks:
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [serial] }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 64 }
repetitions: 3
order: grouped
maxParallel: 1
failure: { retries: 2 }
`,
    );
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--npb-source', broken, '--poll-ms', '300']);
    const code = await run.exit;
    const id = Number(/campaign (\d+) \(/.exec(run.stdout())![1]);
    expect(code, run.stdout() + run.stderr()).toBe(1);
    expect(run.stdout()).toMatch(new RegExp(`campaign ${id} paused: \\d/6 done, 0 failed`));
    const s = snapshot(id);
    expect(s.campaign.paused).toBe(1);
    expect(s.campaign.reason).toMatch(/^npb-serial cannot be built on platform native: building NPB EP class S on .* failed: .*ep\.f/);
    // The first attempt is set aside (interrupted, re-queued), nothing failed, every plan entry still to run.
    expect(s.rows.filter((r) => r.state === 'interrupted').length).toBe(1);
    expect(s.rows.filter((r) => r.state === 'failed').length).toBe(0);
    expect(s.rows.filter((r) => r.state === 'planned').length).toBe(6 - (s.states['done'] ?? 0));
    expect(s.rows.filter((r) => r.state === 'planned' && r.attempt === 1).length + 1).toBe(6 - (s.states['done'] ?? 0));
    const status = cli(data.dir, ['campaign', 'status', String(id)]);
    expect(await status.exit).toBe(0);
    expect(status.stdout()).toMatch(/paused because: npb-serial cannot be built on platform native/);
    console.log(`[resume] build failure: ${JSON.stringify(s.states)}; reason: ${s.campaign.reason}`);
  }, 600_000);
});
