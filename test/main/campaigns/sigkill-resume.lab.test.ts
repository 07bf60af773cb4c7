// Issue 14, faults: the real CLI (`virtlab scenario run`, then `virtlab campaign resume`) SIGKILLed 10 times at seeded
// random moments of one campaign (netperf TCP_RR and IOzone on hosts and their guests), resumed each time until done.
// After every kill the database passes integrity_check; at the end every plan entry is done exactly once, the hosts
// saw each attempt's benchmark started at most once (a logging wrapper first on each endpoint's PATH records every
// call with the run folder it ran in), and nothing the campaign made is left on any endpoint.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../main/scenarios/rng.ts';
import { openDatabase } from '../../../main/store/open-database.ts';
import { labDown, labUp, type LabConfig, type LabEndpointAny } from '../../lab/api.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { waitFor } from '../../lab/pids.ts';
import { cli, labDataDir, runFacts, type CliRun, type LabData } from './support/lab-campaign.ts';
import { loggingWrapper, readCalls, shadowCommands, strayProcesses, virtlabFolders } from './support/endpoint-fixtures.ts';

const config: LabConfig = LAB_INSTANCES.kills;
const KILLS = 10;
/** Seed of the kill moments (printed with the figures); VIRTLAB_KILL_SEED picks another. */
const SEED = Number(process.env.VIRTLAB_KILL_SEED ?? 14);
/**
 * Kill moments are random points of the campaign's progress, not of wall time (a resume's start-up alone takes 2-7 s
 * on this loaded machine, so wall-time moments would mostly kill start-ups): kill k waits until the campaign has made
 * its T_k-th run state change (T_1 <= ... <= T_10 drawn from 0..MAX_TARGET; the 16 runs make at least 64), then a
 * further random 0..MAX_EXTRA_MS. A target already reached when the process starts kills it in start-up or recovery.
 */
const MAX_TARGET = 48;
const MAX_EXTRA_MS = 2000;

// 2 platforms x 2 repetitions x (netperf TCP_RR 2 sizes + IOzone 2 sizes) = 16 runs, 2 at once on distinct endpoints.
const SCENARIO = `
name: sigkill-resume
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1, 64], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [512, 1024], recordSize: 64 }
repetitions: 2
order: randomized
seed: 14
maxParallel: 2
sharing: { lockScope: endpoint }
`;
const PLANNED = 16;

let data: LabData;
let endpoints: LabEndpointAny[];
const logOf = (e: LabEndpointAny) => join(config.dir, 'fault-wrappers', e.name, 'calls.log');

beforeAll(async () => {
  const inv = await labUp({ hosts: 2, config });
  data = await labDataDir(2, config);
  endpoints = [...inv.hosts, ...inv.guests];
  for (const e of endpoints) {
    // Node homes persist across lab ups: what an earlier run of this file left must not count against this one.
    rmSync(join(e.dir, 'home', '.virtlab'), { recursive: true, force: true });
    const dir = join(config.dir, 'fault-wrappers', e.name);
    await shadowCommands(e, dir, Object.fromEntries(['netperf', 'netserver', 'iozone'].map((t) => [t, loggingWrapper(t, logOf(e))])));
    writeFileSync(logOf(e), '');
  }
}, 120_000);
afterAll(async () => {
  if (process.env.VIRTLAB_LAB_KEEP === '1') console.log(`[sigkill] data folder kept: ${data?.dir}`);
  else data?.cleanup();
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 120_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function snapshot(id: number) {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    const rows = db
      .prepare('SELECT id, plan_index AS p, attempt, state, benchmark, remote_run_id AS rid, error FROM runs WHERE campaign_id = ? ORDER BY id')
      .all(id) as { id: number; p: number; attempt: number; state: string; benchmark: string; rid: string | null; error: string | null }[];
    return { rows, transitions: transitionsOf(id), ...runFacts(db, id), integrity: db.pragma('integrity_check', { simple: true }) as string };
  } finally {
    db.close();
  }
}

/** Run state changes of the campaign so far (a cheap read for polling). */
function transitionsOf(id: number): number {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM run_transitions t JOIN runs r ON r.id = t.run_id WHERE r.campaign_id = ?').get(id) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('VirtLab SIGKILLed 10 times at random moments of a campaign, resumed each time', () => {
  it('loses and doubles no run, keeps the database intact after every kill and leaves nothing on the hosts', async () => {
    const rand = seededRandom(SEED);
    const targets = Array.from({ length: KILLS }, () => Math.floor(rand() * (MAX_TARGET + 1))).sort((a, b) => a - b);
    const file = join(data.dir, 'sigkill.yaml');
    writeFileSync(file, SCENARIO);
    let proc: CliRun = cli(data.dir, ['scenario', 'run', file, '--known-hosts', data.inv.knownHostsPath, '--poll-ms', '300']);
    await waitFor('the campaign to be created', () => /campaign (\d+) \(/.test(proc.stdout()) || proc.child.exitCode !== null, 120_000);
    const id = Number(/campaign (\d+) \(/.exec(proc.stdout())?.[1] ?? 0);
    expect(id, proc.stderr()).toBeGreaterThan(0);
    let spawned = Date.now();
    const kills: string[] = [];
    for (let k = 1; k <= KILLS; k++) {
      const target = targets[k - 1]!;
      const before = transitionsOf(id);
      await waitFor(`state change ${target} before kill ${k}`, () => transitionsOf(id) >= target || proc.child.exitCode !== null, 300_000);
      const extra = Math.floor(rand() * MAX_EXTRA_MS);
      await sleep(extra);
      // Every kill must find the campaign still going (the targets leave it at least 16 state changes to make).
      expect(proc.child.exitCode, `the campaign ended before kill ${k}: ${proc.stdout().slice(-1500)}${proc.stderr().slice(-1500)}`).toBeNull();
      proc.child.kill('SIGKILL');
      await proc.exit;
      const at = snapshot(id);
      expect(at.integrity, `integrity_check after kill ${k}`).toBe('ok');
      const underWay = at.rows.filter((r) => ['installing', 'running', 'parsing'].includes(r.state)).map((r) => `${r.benchmark} ${r.state}`);
      kills.push(
        `#${k} at state change ${target} + ${extra} ms, ${Date.now() - spawned} ms after ${k === 1 ? 'the campaign was created' : 'the resume started'} (${at.transitions - before} state changes by it${at.transitions === before ? ': killed in start-up or recovery' : ''}): integrity ok; runs ${JSON.stringify(at.states)}${underWay.length ? `, under way: ${underWay.join(', ')}` : ''}`,
      );
      proc = cli(data.dir, ['campaign', 'resume', String(id)]);
      spawned = Date.now();
    }
    const code = await proc.exit;
    expect(code, `${proc.stdout().slice(-3000)}\n${proc.stderr().slice(-2000)}`).toBe(0);

    const end = snapshot(id);
    const notDone = end.rows.filter((r) => r.state !== 'done').map((r) => `#${r.p}.${r.attempt} ${r.benchmark} ${r.state}: ${r.error ?? ''}`);
    console.log(
      `[sigkill] seed ${SEED}, targets ${targets.join(',')}:\n${kills.map((k) => `  ${k}`).join('\n')}\n  attempts not done: ${notDone.join(' | ') || 'none'}`,
    );
    expect(end).toMatchObject({ planned: PLANNED, doneEntries: PLANNED, doubled: 0, metricRuns: PLANNED, metricsOnUnfinished: 0, integrity: 'ok' });
    expect(end.rows.filter((r) => r.state === 'failed').map((r) => r.error)).toEqual([]);
    const donePerEntry = new Map<number, number>();
    for (const r of end.rows) if (r.state === 'done') donePerEntry.set(r.p, (donePerEntry.get(r.p) ?? 0) + 1);
    expect([...donePerEntry.values()]).toEqual(Array(PLANNED).fill(1));

    // Remote evidence: every benchmark start belongs to an attempt VirtLab recorded, none is started twice, and the
    // attempt whose result was stored ran exactly once. A netperf attempt's netserver is started at most once too.
    const calls = endpoints.flatMap((e) => readCalls(logOf(e)).map((c) => ({ ...c, endpoint: e.name })));
    const jobs = calls.filter((c) => c.folder.startsWith('vl-') && (c.tool === 'iozone' || c.tool === 'netperf'));
    const servers = calls.filter((c) => c.tool === 'netserver');
    const rids = new Set(end.rows.map((r) => r.rid).filter(Boolean));
    const count = (xs: { folder: string }[]) => {
      const m = new Map<string, number>();
      for (const x of xs) m.set(x.folder, (m.get(x.folder) ?? 0) + 1);
      return m;
    };
    const perJob = count(jobs);
    const perServer = count(servers);
    expect(jobs.filter((c) => !rids.has(c.folder))).toEqual([]);
    expect([...perJob].filter(([, n]) => n > 1)).toEqual([]);
    expect([...perServer].filter(([, n]) => n > 1)).toEqual([]);
    expect(servers.filter((c) => !rids.has(c.folder.replace(/\.server$/, '')))).toEqual([]);
    const done = end.rows.filter((r) => r.state === 'done');
    expect(done.filter((r) => perJob.get(r.rid!) !== 1).map((r) => `${r.benchmark} ${r.rid}: ${perJob.get(r.rid!) ?? 0} starts`)).toEqual([]);

    // Sessions of the killed processes close within moments; the cap only guards against a hang.
    await waitFor("the endpoints to hold only the lab's own processes", () => strayProcesses(endpoints).length === 0, 30_000).catch(() => undefined);
    const attempts = end.rows.length;
    const interrupted = end.rows.filter((r) => r.state === 'interrupted');
    console.log(
      [
        `[sigkill] seed ${SEED}, ${KILLS} SIGKILLs of the CLI, campaign ${id}:`,
        `  end: ${JSON.stringify(end.states)}; plan entries ${PLANNED}, done ${end.doneEntries}, doubled ${end.doubled}, lost ${PLANNED - end.doneEntries}; attempts ${attempts} (${interrupted.length} interrupted: ${[...new Set(interrupted.map((r) => r.error))].join(' | ')})`,
        `  remote: ${jobs.length} benchmark starts for ${perJob.size} attempts (none twice), ${servers.length} netserver starts; every stored result's attempt started once; left on ${endpoints.length} endpoints: ${endpoints.flatMap(virtlabFolders).length} folders, ${strayProcesses(endpoints).length} processes`,
      ].join('\n'),
    );
    // Nothing left: no run or scratch folder, no process (a netserver, a job, its watchdog) on any endpoint.
    expect(endpoints.flatMap(virtlabFolders)).toEqual([]);
    expect(strayProcesses(endpoints)).toEqual([]);
  }, 600_000);
});
