// The Docker provider on a lab instance of its own (vw-, 10.239) with one dockerd per host (test/lab/docker.ts: own
// data root, socket and pid file, no iptables), through the CLI from a fresh data folder: native vs Docker on internal
// bridges on 2 hosts, netperf TCP_RR and IOzone, every run done and its facts saying docker; afterwards, after a
// cancel mid-campaign and after a SIGKILL of VirtLab and a resume, nothing the campaign made is left (docker ps -a,
// docker network ls, links, routes, nft and iptables rules, ip_forward, guest folders; the root namespace's rules and
// forwarding). Every bad input is refused by the check on the real hosts, with its sentence.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { checkDocker } from '../../../../main/platforms/docker/check.ts';
import { dockerSettings } from '../../../../main/platforms/docker/settings.ts';
import type { HostShell } from '../../../../main/platforms/provider.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { execIn, labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { mountCgroups } from '../../../lab/cgroups.ts';
import { dockerDown, dockerImport, dockerUp } from '../../../lab/docker.ts';
import { hostState, rootState } from '../../../lab/host-state.ts';
import { labImage } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { cli, labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';
import { killAndResume, openLedger, runStates } from '../support/interrupt.ts';

const config: LabConfig = LAB_INSTANCES.docker;
const DOCKER_LIST = 'docker ps -a --format "{{.Names}}"; docker network ls --format "{{.Name}}"';
let inv: LabInventory;
let data: LabData;
/** The lab's base image in each daemon, tagged with the tarball's checksum (a newer tarball is a new image). */
let IMAGE = '';

const everything = async (): Promise<string> => [await rootState(), ...(await Promise.all(inv.hosts.map((h) => hostState(h, DOCKER_LIST))))].join('\n---\n');

/** The probe of a host as a HostShell (the check runs the same probe over SSH in a campaign). */
const shellOn = (i: number, prefix: string[] = []): HostShell => ({
  name: inv.hosts[i]!.name,
  address: inv.hosts[i]!.address,
  ordinal: i,
  run: async (argv) => ({ code: 0, stdout: await execIn(inv.hosts[i]!, [...prefix, ...argv]), stderr: '' }),
});

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  for (const h of inv.hosts) await mountCgroups(h);
  await dockerUp(config, inv);
  // The benchmark image: the Debian root file system the lab builds once (main/platforms/image/), imported once per
  // host daemon (its data root is kept across runs of this file).
  const base = await labImage('base');
  IMAGE = `virtlab-lab-base:${base.sha256.slice(0, 12)}`;
  await dockerImport(inv, base.path, IMAGE);
  data = await labDataDir(2, config);
  const db = openDatabase({ path: data.dbPath });
  try {
    definePlatform(createRepos(db), {
      name: 'dk-bridge',
      technology: 'os-level',
      product: 'Docker',
      provider: 'docker',
      isBaseline: false,
      endpoints: inv.hosts.map((h) => h.name),
      settings: { image: IMAGE, network: 'bridge' },
    });
  } finally {
    db.close();
  }
}, 300_000);

afterAll(async () => {
  data?.cleanup();
  if (inv) await dockerDown(config, inv);
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 120_000);

const scenario = (name: string, durationSec: number, platforms = 'native, dk-bridge') => `
name: ${name}
platforms: [${platforms}]
baseline: native
repetitions: 1
order: grouped
maxParallel: 1
runTimeoutSec: 300
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: ${durationSec} }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 1024, tests: [write, read] }
`;

/** A netperf campaign on the Docker platform alone, long enough to be interrupted while a run is under way. */
const LONG = (name: string) => `
name: ${name}
platforms: [dk-bridge]
baseline: dk-bridge
repetitions: 2
maxParallel: 1
runTimeoutSec: 120
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 8 }
`;

type Row = { planIndex: number; state: string; error: string | null; platform: string; benchmark: string; facts: string | null };
function runsOf(campaignId: number): Row[] {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return db
      .prepare(
        `SELECT r.plan_index AS planIndex, r.state, r.error, p.name AS platform, r.benchmark, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id
      LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = ?`,
      )
      .all(campaignId) as Row[];
  } finally {
    db.close();
  }
}
function openResources(): unknown[] {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return db.prepare("SELECT campaign_id, kind, handle, state FROM platform_resources WHERE state <> 'removed'").all();
  } finally {
    db.close();
  }
}

describe('Docker platform through the CLI', () => {
  it('runs native vs Docker (bridge) to the end, each run in what it says, and leaves nothing behind', async () => {
    const before = await everything();
    const file = join(data.dir, 'scenario.yaml');
    writeFileSync(file, scenario('docker-lab', 1));
    const plan = cli(data.dir, ['scenario', 'plan', file, '--json']);
    expect(await plan.exit, plan.stderr()).toBe(0);
    expect(plan.stdout()).toContain(`prepare: Docker: 2 container(s) from ${IMAGE}, network bridge`);
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
    expect(await run.exit, `${run.stdout()}\n${run.stderr()}`).toBe(0);

    const all = runsOf(1);
    const done = all.filter((r) => r.state === 'done');
    expect(
      new Set(done.map((r) => r.planIndex)).size,
      JSON.stringify(all.filter((r) => r.state !== 'done').map((r) => [r.platform, r.benchmark, r.state, r.error])),
    ).toBe(2 * 2);
    // This machine was built from a Docker image (/.dockerenv on the host, systemd-detect-virt says docker): what tells
    // a run inside a container made by the lab's dockerd apart is PID 1's cgroup.
    for (const r of done) {
      const v = (JSON.parse(r.facts ?? '{}') as { virtualization?: { container: string | null; evidence: string[] } }).virtualization;
      const inDocker = v?.container === 'docker' && v.evidence.some((e) => e.startsWith("PID 1's cgroup: /docker/"));
      expect([r.platform, r.benchmark, inDocker]).toEqual([r.platform, r.benchmark, r.platform !== 'native']);
    }
    expect(openResources()).toEqual([]);
    expect(await everything()).toBe(before);
  }, 300_000);

  it('removes everything when the campaign is cancelled mid-way', async () => {
    const before = await everything();
    const file = join(data.dir, 'cancel.yaml');
    writeFileSync(file, scenario('docker-cancel', 20, 'dk-bridge, native'));
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
    try {
      // Cancel while a Docker run is going: its containers, network and routes exist then.
      for (let i = 0; !runsOf(2).some((r) => r.platform === 'dk-bridge' && r.state === 'running'); i++) {
        if (i > 600 || run.child.exitCode !== null) throw new Error(`no Docker run started: ${run.stderr()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await execIn(inv.hosts[0]!, ['docker', 'ps', '--format', '{{.Names}}'])).toBe('virtlab-c2-dk-bridge-0\n');
      const cancel = cli(data.dir, ['campaign', 'cancel', '2']);
      expect(await cancel.exit, cancel.stderr()).toBe(0);
      await run.exit;
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }
    expect(runsOf(2).some((r) => r.state === 'cancelled')).toBe(true);
    expect(openResources()).toEqual([]);
    expect(await everything()).toBe(before);
  }, 300_000);

  it('after a SIGKILL of VirtLab, the resume adopts the containers, finishes and removes everything', async () => {
    const before = await everything();
    const file = join(data.dir, 'kill.yaml');
    writeFileSync(file, LONG('docker-kill'));
    const k = await killAndResume(data, inv.knownHostsPath, file, everything);
    // Killed: its containers are still there (and the run inside them goes on).
    expect(k.whileDead).not.toBe(before);
    expect(k.exit, k.output).toBe(0);
    // Both entries done; the run the kill interrupted stays recorded as interrupted (the resume ran that entry again).
    const { done, interrupted = 0, ...other } = runStates(data, k.id);
    expect([done, interrupted <= 1, other]).toEqual([2, true, {}]);
    expect(openLedger(data, k.id)).toEqual([]);
    expect(await everything()).toBe(before);
  }, 300_000);

  it('refuses every bad input on the hosts with its sentence', async () => {
    const s = (x: Record<string, unknown>) => dockerSettings.parse({ image: IMAGE, ...x });
    const [h0, h1] = [inv.hosts[0]!.name, inv.hosts[1]!.name];
    expect(await checkDocker(s({}), [shellOn(0), shellOn(1)])).toEqual([]);
    expect(await checkDocker(s({ image: 'no-such-image' }), [shellOn(0)])).toEqual([
      `${h0}: Docker has no image no-such-image (see \`docker images\`; load it, or give imageArchive: a root file system tarball VirtLab imports; no registry is asked)`,
    ]);
    const limits = (await checkDocker(s({ cpus: 4096, memoryMiB: 16 * 1024 * 1024 }), [shellOn(0)])).join('\n');
    expect(limits).toMatch(
      new RegExp(`^${h0}: a CPU limit of 4096 is above the host's \\d+ CPU\\(s\\)\n${h0}: a memory limit of 16777216 MiB is above the host's \\d+ MiB$`),
    );
    // A published port already taken: listen on one inside the host for the length of the check.
    const port = 24875;
    const listener = execIn(inv.hosts[1]!, [
      'timeout',
      '5',
      'python3',
      '-c',
      `import socket,time; s=socket.socket(); s.bind(('0.0.0.0', ${port})); s.listen(); time.sleep(4)`,
    ]);
    await new Promise((r) => setTimeout(r, 800));
    expect(await checkDocker(s({ network: 'published', ports: [port, port + 1] }), [shellOn(1)])).toEqual([
      `${h1}: published port ${port} already in use on the host (choose other ports)`,
    ]);
    await listener.catch(() => undefined);
    // The daemon not there: the same probe pointed at a socket nobody listens on.
    expect(await checkDocker(s({}), [shellOn(0, ['env', 'DOCKER_HOST=unix:///nonexistent/docker.sock'])])).toEqual([
      expect.stringMatching(
        new RegExp(`^${h0}: the Docker daemon does not answer \\(Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock.*\\): start dockerd`),
      ),
    ]);
    // A host without Docker: the same probe with a PATH that has every tool it uses but docker.
    const noDocker: HostShell = {
      ...shellOn(0),
      run: async (argv) => ({
        code: 0,
        stdout: await execIn(inv.hosts[0]!, [
          'sh',
          '-c',
          'd=$(mktemp -d); for t in sh nproc sed awk cat id sort tr; do ln -s "$(command -v $t)" "$d/$t"; done; PATH=$d "$@"; r=$?; rm -rf "$d"; exit $r',
          'x',
          ...argv,
        ]),
        stderr: '',
      }),
    };
    expect(await checkDocker(s({}), [noDocker])).toEqual([
      expect.stringMatching(/: Docker is not installed \(install it as root: apt-get install docker.io \(Debian 12\), then start dockerd;/),
    ]);
  }, 120_000);
});
