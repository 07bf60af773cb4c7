// The benchmark driver through the campaign executor on a lab instance of its own (vd-, 10.219): netperf, IOzone and
// NPB (EP class S serial and MPI on 2 nodes, from the test tree tarball), 2 repetitions, on lab hosts (native) and
// their OS-level guests (container). The first executor is a CLI process killed with SIGKILL while runs are under
// way; a second one reattaches the detached jobs and finishes. Then a campaign with one endpoint down fails that
// endpoint's runs with the reason while the others finish.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostRecord } from '../../../main/contract/hosts.ts';
import { databaseFile } from '../../../main/config/data-dir.ts';
import { CampaignExecutor } from '../../../main/campaigns/executor.ts';
import { openRunDriver as openDriver } from '../../../main/core/run-drivers.ts';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import type { CampaignEmitter } from '../../../main/campaigns/events.ts';
import { definePlatform } from '../../../main/lab-model/platforms.ts';
import type { DriverRequest } from '../../../main/campaigns/driver.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos } from '../../../main/store/repos/index.ts';
import { campaignFigures } from '../../../main/store/queries/campaign-figures.ts';
import { labEndpoints } from '../../../main/reports/lab.ts';
import { assertLabTarget, execIn, hostLinkDown, hostLinkUp, labDown, labUp, type LabConfig, type LabEndpointAny, type LabInventory } from '../../lab/api.ts';
import { cli, runFacts } from '../campaigns/support/lab-campaign.ts';
import { LAB_INSTANCES } from '../../lab/instances.ts';
import { npbTestTarball } from '../../support/npb-tarball.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const config: LabConfig = LAB_INSTANCES.runDriver;

let inv: LabInventory;
let work: string;
let tarball: string;
let dataDir: string;
let db: Database;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logEmitter(lines: string[]): CampaignEmitter {
  return {
    emit(name, payload) {
      const p = payload as Record<string, unknown>;
      if (name === 'campaigns.log') lines.push(`run ${String(p.runId)}: ${String(p.line)}`);
      if (name === 'campaigns.runState')
        lines.push(`run ${String(p.runId)} ${String(p.benchmark)}: ${String(p.from)} -> ${String(p.to)}${p.detail ? ` (${String(p.detail)})` : ''}`);
    },
  };
}

function driverRequest(): DriverRequest {
  return { kind: 'benchmark', repos: createRepos(db), knownHostsPath: inv.knownHostsPath, npbSource: tarball };
}

/** What the runs left in ~/.virtlab/runs (netserver jobs included) and ~/.virtlab/scratch on an endpoint. */
async function leftovers(e: LabEndpointAny): Promise<string> {
  const out = await execIn(e, ['sh', '-c', 'ls -A /root/.virtlab/runs /root/.virtlab/scratch 2>/dev/null; true']);
  return out
    .split('\n')
    .filter((l) => l.trim() && !l.endsWith(':'))
    .join('\n');
}

beforeAll(async () => {
  inv = await labUp({ hosts: 3, config });
  for (const e of [...inv.hosts, ...inv.guests]) await assertLabTarget(e.address, inv.bridge);
  // Homes outlive `lab down`: start from empty job and scratch folders on this private instance.
  for (const e of [...inv.hosts, ...inv.guests]) await execIn(e, ['rm', '-rf', '/root/.virtlab/runs', '/root/.virtlab/scratch']);
  work = mkdtempSync(join(tmpdir(), 'virtlab-rundriver-'));
  tarball = npbTestTarball();
  process.env.VIRTLAB_NPB_SOURCE = tarball; // for the CLI executor
  dataDir = join(work, 'data');
  mkdirSync(dataDir);
  db = openDatabase({ path: databaseFile(dataDir) });
  const repos = createRepos(db);
  const auth = { kind: 'key' as const, keyPath: inv.keyPath };
  for (const h of inv.hosts) repos.hosts.save(HostRecord.parse({ name: h.name, address: h.address, port: h.port, user: inv.user, auth }));
  for (const g of inv.guests)
    repos.hosts.save(HostRecord.parse({ name: g.name, address: g.address, port: g.port, user: inv.user, auth, guestOf: g.host, technology: 'namespace' }));
  const hs = inv.hosts.slice(0, 2);
  definePlatform(repos, { name: 'native', technology: 'native', product: 'lab netns hosts', isBaseline: true, endpoints: hs.map((h) => h.name) });
  definePlatform(repos, {
    name: 'container',
    technology: 'os-level',
    product: 'unshare namespaces',
    isBaseline: false,
    endpoints: hs.map((h) => inv.guests.find((g) => g.host === h.name)!.name),
  });
  // h03 (down in the second test) and h02.
  definePlatform(repos, {
    name: 'pair',
    technology: 'native',
    product: 'lab netns hosts',
    isBaseline: false,
    endpoints: [inv.hosts[0]!.name, inv.hosts[2]!.name],
  });
  definePlatform(repos, {
    name: 'spare',
    technology: 'native',
    product: 'lab netns hosts',
    isBaseline: false,
    endpoints: [inv.hosts[2]!.name, inv.hosts[1]!.name],
  });
});

afterAll(async () => {
  db?.close();
  if (work) rmSync(work, { recursive: true, force: true });
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
});

const SCENARIO = `
name: run-driver-lab
platforms: [native, container]
baseline: native
repetitions: 2
order: interleaved
maxParallel: 2
runTimeoutSec: 300
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR, TCP_STREAM], messageSizes: [1, 1024], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [1024, 2048], recordSize: 1024, tests: [write, read] }
  - benchmark: npb
    params: { kernels: [ep], classes: [S], variants: [serial, mpi], mpiNodes: [2] }
`;

describe('benchmark driver through the campaign executor', () => {
  it('runs netperf, IOzone and NPB on native and container, survives a SIGKILL, and fills the figures', async () => {
    const service = createCampaignService(db);
    const { campaignId, plan } = service.createCampaign(scenarioFromText(SCENARIO), 'run-driver lab', 7);
    expect(new Set(plan.entries.map((e) => e.benchmark))).toEqual(new Set(['netperf', 'iozone', 'npb-serial', 'npb-mpi']));
    expect(plan.entries).toHaveLength((3 + 2 + 2) * 2 * 2);

    // First executor: the CLI in its own process, killed with SIGKILL once runs are under way remotely.
    const first = cli(dataDir, ['campaign', 'resume', String(campaignId), '--driver', 'benchmark', '--known-hosts', inv.knownHostsPath, '--poll-ms', '300']);
    const running = db.prepare(
      "SELECT id, benchmark, remote_run_id AS remoteRunId, endpoints_json AS eps FROM runs WHERE campaign_id = ? AND state = 'running' AND remote_run_id IS NOT NULL",
    );
    const done = db.prepare("SELECT COUNT(*) AS n FROM runs WHERE campaign_id = ? AND state = 'done'").pluck();
    const byName = new Map([...inv.hosts, ...inv.guests].map((e) => [e.name, e as LabEndpointAny]));
    // A run whose detached job is launched and still going on its first endpoint (seen from inside the endpoint).
    const launched = async (r: { remoteRunId: string; eps: string }) => {
      const head = byName.get((JSON.parse(r.eps) as string[])[0]!)!;
      const d = `/root/.virtlab/runs/${r.remoteRunId}`;
      return (await execIn(head, ['sh', '-c', `[ -f ${d}/pid ] && [ ! -f ${d}/exit_status ] && echo yes; true`])).trim() === 'yes';
    };
    let underWay: { id: number; benchmark: string; remoteRunId: string; eps: string }[] = [];
    const until = Date.now() + 240_000;
    // Wait until a few runs are done and one is running detached, then kill.
    while (Date.now() < until && first.child.exitCode === null) {
      const rows = running.all(campaignId) as typeof underWay;
      underWay = [];
      for (const r of rows) if (await launched(r)) underWay.push(r);
      if (underWay.length > 0 && (done.get(campaignId) as number) >= 3) break;
      await sleep(50);
    }
    expect(first.child.exitCode, `${first.stdout()}\n${first.stderr()}`).toBeNull();
    expect(underWay.length).toBeGreaterThan(0);
    first.child.kill('SIGKILL');
    await first.exit;
    console.log(
      `[run-driver] SIGKILL with ${underWay.map((r) => `${r.benchmark} run ${r.id}`).join(', ')} under way, ${String(done.get(campaignId))} runs done`,
    );

    // Second executor, in this process: reattaches (or collects) what the killed one left and finishes.
    const lines: string[] = [];
    const handle = openDriver(driverRequest());
    try {
      const started = Date.now();
      const outcome = await new CampaignExecutor(
        { db, repos: createRepos(db), driver: handle.driver, emitter: logEmitter(lines), pollMs: 300 },
        campaignId,
      ).run();
      console.log(`[run-driver] resumed campaign ${outcome} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      // A run caught before its job was launched is re-queued (interrupted); nothing may fail.
      const failures = lines.filter((l) => /-> failed/.test(l));
      expect(failures, lines.join('\n')).toEqual([]);
      expect(outcome).toBe('done');
    } finally {
      await handle.close();
    }
    console.log(`[run-driver] after restart: ${lines.filter((l) => /reattached to|collecting|lost while/.test(l)).join(' | ')}`);
    for (const r of underWay) {
      expect(
        lines.some((l) => l.startsWith(`run ${r.id}: `) && /reattached to|collecting/.test(l)),
        lines.join('\n'),
      ).toBe(true);
    }

    // Every endpoint the runs used has facts for the report, the netperf peers and the MPI runs' second nodes too.
    expect(
      labEndpoints(db, campaignId)
        .filter((e) => e.facts.state !== 'probed')
        .map((e) => e.host),
    ).toEqual([]);

    const facts = runFacts(db, campaignId);
    expect(facts.doneEntries).toBe(plan.entries.length);
    expect(facts.doubled).toBe(0);
    expect(facts.metricsOnUnfinished).toBe(0);

    // Stored as the figures read them.
    const metric = (bench: string, name: string) =>
      db
        .prepare(
          `SELECT m.point AS point, m.value AS value, p.name AS platform, r.node_count AS nodes FROM metrics m
      JOIN runs r ON r.id = m.run_id JOIN platforms p ON p.id = r.platform_id WHERE r.campaign_id = ? AND r.benchmark = ? AND m.name = ?`,
        )
        .all(campaignId, bench, name) as { point: string; value: number; platform: string; nodes: number }[];
    expect(new Set(metric('netperf', 'half_rtt').map((m) => m.point))).toEqual(new Set(['1', '1024']));
    expect(metric('netperf', 'throughput').length).toBe(4);
    expect(new Set(metric('iozone', 'writer').map((m) => m.point))).toEqual(new Set(['1024', '2048']));
    expect(new Set(metric('iozone', 'reader').map((m) => m.point))).toEqual(new Set(['1024', '2048']));
    expect(metric('npb-serial', 'time').map((m) => m.point)).toEqual(['ep', 'ep', 'ep', 'ep']);
    expect(metric('npb-mpi', 'time').map((m) => [m.point, m.nodes])).toEqual([
      ['ep', 2],
      ['ep', 2],
      ['ep', 2],
      ['ep', 2],
    ]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const [b, n] of [
      ['netperf', 'half_rtt'],
      ['netperf', 'throughput'],
      ['iozone', 'writer'],
      ['npb-serial', 'time'],
      ['npb-mpi', 'time'],
    ] as const) {
      const rows = metric(b, n);
      console.log(
        `[run-driver] ${b} ${n}: native ${mean(rows.filter((r) => r.platform === 'native').map((r) => r.value)).toFixed(2)}, container ${mean(rows.filter((r) => r.platform === 'container').map((r) => r.value)).toFixed(2)}`,
      );
    }

    const figs = Object.fromEntries(campaignFigures(db, campaignId).map((f) => [f.id, f]));
    const platformsOf = (id: string, panel = 0) =>
      figs[id]!.panels[panel]!.series.filter((s) => s.points.length > 0)
        .map((s) => s.platform)
        .sort();
    expect(platformsOf('fig1a')).toEqual(['container', 'native']);
    expect(platformsOf('fig1b')).toEqual(['container', 'native']);
    expect(platformsOf('fig2', 0)).toEqual(['container', 'native']);
    expect(platformsOf('fig2', 1)).toEqual(['container', 'native']);
    expect(platformsOf('fig3', 0)).toEqual(['container', 'native']);
    expect(figs.fig4!.panels.map((p) => p.id)).toEqual(['ep-time', 'ep-speedup']);
    expect(figs.fig4!.panels[0]!.series.map((s) => [s.platform, s.points.map((p) => p.x)])).toEqual([
      ['native', ['2']],
      ['container', ['2']],
    ]);

    // Nothing left behind: no run folders (netserver jobs included), no scratch folders, on any endpoint used.
    for (const e of [...inv.hosts.slice(0, 2), ...inv.guests.filter((g) => inv.hosts.slice(0, 2).some((h) => h.name === g.host))]) {
      expect(await leftovers(e), e.name).toBe('');
    }
  }, 900_000);

  it('an endpoint that is down fails its runs with the reason; the other endpoint finishes the rest', async () => {
    const down = inv.hosts[2]!;
    await hostLinkDown(down.name, config);
    try {
      const service = createCampaignService(db);
      const text = `
name: run-driver-down
platforms: [spare]
baseline: spare
repetitions: 4
maxParallel: 2
failure: { retries: 0, skipDeadEndpoint: true }
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 1024, tests: [write, read] }
`;
      const { campaignId } = service.createCampaign(scenarioFromText(text), 'run-driver down');
      const lines: string[] = [];
      const handle = openDriver(driverRequest());
      let outcome;
      try {
        outcome = await new CampaignExecutor({ db, repos: createRepos(db), driver: handle.driver, emitter: logEmitter(lines), pollMs: 300 }, campaignId).run();
      } finally {
        await handle.close();
      }
      const runs = service.store.runInfos(campaignId);
      console.log(
        `[run-driver] down campaign ${outcome}: ${runs.map((r) => `${r.state} on ${r.endpoints.join(',')}${r.error ? ` (${r.error.slice(0, 90)})` : ''}`).join('; ')}`,
      );
      const failed = runs.filter((r) => r.state === 'failed');
      expect(failed.length).toBeGreaterThanOrEqual(1);
      for (const r of failed) {
        expect(r.endpoints).toEqual([down.name]);
        expect(r.error).toMatch(new RegExp(`^endpoint ${down.name} down: `));
      }
      const doneRuns = runs.filter((r) => r.state === 'done');
      expect(doneRuns.length + failed.length).toBe(4);
      expect(doneRuns.every((r) => r.endpoints[0] === inv.hosts[1]!.name)).toBe(true);
      expect(outcome).toBe('done');
    } finally {
      await hostLinkUp(down.name, config);
    }
  }, 300_000);

  it('a netperf peer that goes down mid-run fails that run as endpoint down; the campaign goes on without it', async () => {
    const client = inv.hosts[0]!;
    const peer = inv.hosts[2]!;
    const service = createCampaignService(db);
    const text = `
name: run-driver-peer-down
platforms: [pair]
baseline: pair
repetitions: 2
order: grouped
maxParallel: 1
failure: { retries: 0, skipDeadEndpoint: true }
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 60 }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 1024, tests: [write, read] }
`;
    const { campaignId } = service.createCampaign(scenarioFromText(text), 'run-driver peer down');
    const lines: string[] = [];
    const handle = openDriver(driverRequest());
    let downAt = 0;
    let finished = false;
    const watcher = (async () => {
      // Take the peer's link down once the first netperf job runs on the client (however long that takes to come).
      while (!downAt && !finished) {
        const r = db
          .prepare("SELECT remote_run_id AS id FROM runs WHERE campaign_id = ? AND benchmark = 'netperf' AND state = 'running' AND remote_run_id IS NOT NULL")
          .get(campaignId) as { id: string } | undefined;
        if (r && (await execIn(client, ['sh', '-c', `[ -f /root/.virtlab/runs/${r.id}/pid ] && echo yes; true`])).trim() === 'yes') {
          await hostLinkDown(peer.name, config);
          downAt = Date.now();
        }
        await sleep(100);
      }
    })();
    let outcome;
    try {
      outcome = await new CampaignExecutor({ db, repos: createRepos(db), driver: handle.driver, emitter: logEmitter(lines), pollMs: 300 }, campaignId).run();
    } finally {
      finished = true;
      await watcher;
      await handle.close();
      await hostLinkUp(peer.name, config);
    }
    const runs = service.store.runInfos(campaignId);
    const failed = runs.filter((r) => r.state === 'failed');
    console.log(
      `[run-driver] peer down campaign ${outcome}: ${runs.map((r) => `${r.benchmark} ${r.state} on ${r.endpoints.join(',')}${r.error ? ` (${r.error.slice(0, 100)})` : ''}`).join('; ')}`,
    );
    expect(downAt).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed[0]!.benchmark).toBe('netperf');
    expect(failed[0]!.error).toMatch(new RegExp(`^endpoint ${peer.name} down: `));
    const failedAt = failed[0]!.endedAt!;
    console.log(`[run-driver] peer down noticed after ${((failedAt - downAt) / 1000).toFixed(1)} s`);
    // The iozone runs went to the client, the endpoint still up.
    const io = runs.filter((r) => r.benchmark === 'iozone');
    expect(io.map((r) => [r.state, r.endpoints])).toEqual([
      ['done', [client.name]],
      ['done', [client.name]],
    ]);
    expect(outcome).toBe('done');
  }, 300_000);
});
