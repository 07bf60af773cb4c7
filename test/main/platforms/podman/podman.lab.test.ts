// The Podman provider on a lab instance of its own (vn-, 10.236), through the CLI from a fresh data folder: native vs
// Podman on an internal bridge vs Podman over slirp4netns on 2 hosts, netperf TCP_RR and TCP_STREAM, IOzone and NPB
// EP serial and OpenMP built inside with the image's toolchain, every run done and its facts saying podman; afterwards
// nothing the campaign made is left on the hosts (containers, networks, bridges, routes, nft rules, ip_forward,
// folders), also after a cancel mid-campaign (while a second campaign's bridges, in subnets of their own, are up on the
// same hosts) and after a SIGKILL of VirtLab + resume. Every bad input is refused before any run, a campaign with one
// at its start. A campaign whose bridge slot (its id mod 16) another Podman network holds takes the next free one.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { checkPodman } from '../../../../main/platforms/podman/check.ts';
import { importArgv } from '../../../../main/platforms/podman/provider.ts';
import { podmanSettings } from '../../../../main/platforms/podman/settings.ts';
import type { HostShell } from '../../../../main/platforms/provider.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { execIn, labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { mountCgroups } from '../../../lab/cgroups.ts';
import { hostState as labHostState, rootState } from '../../../lab/host-state.ts';
import { labImage } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli, labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';

const config: LabConfig = LAB_INSTANCES.containers;
let IMAGE = '';
let inv: LabInventory;
let data: LabData;
let tarball: string;

const PODMAN_LIST = 'podman ps -a --format "{{.Names}}"; podman network ls --format "{{.Name}}"';
/** What the hosts show that a campaign could have made: containers, networks, links, routes, rules (and the root namespace's). */
const hostState = async (): Promise<string> => [await rootState(), ...(await Promise.all(inv.hosts.map((h) => labHostState(h, PODMAN_LIST))))].join('\n---\n');

/** The probe of a host as a HostShell (the check runs the same probe over SSH in a campaign). */
const shellOn = (i: number): HostShell => ({
  name: inv.hosts[i]!.name,
  address: inv.hosts[i]!.address,
  ordinal: i,
  run: async (argv) => ({ code: 0, stdout: await execIn(inv.hosts[i]!, [...argv]), stderr: '' }),
});

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  for (const h of inv.hosts) await mountCgroups(h);
  // The benchmark image: the recipe's base tarball the lab builds once (main/platforms/image/), imported once under its
  // own name the way the provider imports an imageArchive (the hosts share this machine's container storage).
  const base = await labImage('base');
  IMAGE = base.name;
  const has = await execIn(inv.hosts[0]!, ['sh', '-c', 'podman image exists "$1" && echo yes || echo no', 'x', IMAGE]);
  if (has.trim() !== 'yes') await execIn(inv.hosts[0]!, importArgv(base.path, IMAGE));
  tarball = npbTestTarball();
  data = await labDataDir(2, config);
  const db = openDatabase({ path: data.dbPath });
  try {
    const repos = createRepos(db);
    const endpoints = inv.hosts.map((h) => h.name);
    definePlatform(repos, {
      name: 'pod-bridge',
      technology: 'os-level',
      product: 'Podman',
      provider: 'podman',
      isBaseline: false,
      endpoints,
      settings: { image: IMAGE, network: 'bridge' },
    });
    definePlatform(repos, {
      name: 'pod-slirp',
      technology: 'os-level',
      product: 'Podman',
      provider: 'podman',
      isBaseline: false,
      endpoints,
      settings: { image: IMAGE, network: 'slirp4netns' },
    });
    // A /16 no other file's platform uses: the slot case plants a network of "someone else" in it.
    definePlatform(repos, {
      name: 'pod-own',
      technology: 'os-level',
      product: 'Podman',
      provider: 'podman',
      isBaseline: false,
      endpoints,
      settings: { image: IMAGE, network: 'bridge', subnet: '10.96.0.0/16' },
    });
  } finally {
    db.close();
  }
}, 300_000);

afterAll(async () => {
  data?.cleanup();
  if (tarball) rmSync(tarball, { force: true });
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
});

const SCENARIO = `
name: podman-lab
platforms: [native, pod-bridge, pod-slirp]
baseline: native
repetitions: 1
order: grouped
maxParallel: 1
runTimeoutSec: 300
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR, TCP_STREAM], messageSizes: [1], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 1024, tests: [write, read] }
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [serial, openmp], threads: [2] }
`;

/** A netperf campaign on one Podman platform long enough to be interrupted while a run is under way. */
const LONG = (name: string, platform: string, repetitions = 2) => `
name: ${name}
platforms: [${platform}]
baseline: ${platform}
repetitions: ${repetitions}
maxParallel: 1
runTimeoutSec: 120
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 8 }
`;

async function waitUntil<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** The campaign's runs in state running (read with a second connection, as another process would). */
const running = (campaignId: number): number => {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM runs WHERE campaign_id = ? AND state = 'running'").get(campaignId) as { n: number }).n;
  } finally {
    db.close();
  }
};
const openLedger = (campaignId: number): unknown[] => {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return db.prepare("SELECT kind, handle, state FROM platform_resources WHERE campaign_id = ? AND state <> 'removed'").all(campaignId);
  } finally {
    db.close();
  }
};
const campaignIdOf = (out: () => string) => waitUntil('the campaign to be created', () => /campaign (\d+) \(/.exec(out())?.[1], 60_000).then(Number);

describe('Podman platforms through the CLI', () => {
  it('runs native vs bridge vs slirp4netns to the end, each run in what it says, and leaves nothing behind', async () => {
    const before = await hostState();
    const file = join(data.dir, 'scenario.yaml');
    writeFileSync(file, SCENARIO);
    const plan = cli(data.dir, ['scenario', 'plan', file, '--json']);
    expect(await plan.exit, plan.stderr()).toBe(0);
    expect(plan.stdout()).toContain(`prepare: Podman: 2 container(s) from ${IMAGE}, network bridge`);
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--npb-source', tarball, '--poll-ms', '300', '--quiet']);
    expect(await run.exit, `${run.stdout()}\n${run.stderr()}`).toBe(0);

    const db = openDatabase({ path: data.dbPath, readonly: true });
    try {
      const all = db
        .prepare(
          `SELECT r.plan_index AS planIndex, r.state, r.error, p.name AS platform, r.benchmark, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id
        LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = 1`,
        )
        .all() as { planIndex: number; state: string; error: string | null; platform: string; benchmark: string; facts: string | null }[];
      const runs = all.filter((r) => r.state === 'done');
      // Every plan entry done once; an attempt set aside or retried is shown with its reason.
      expect(
        new Set(runs.map((r) => r.planIndex)).size,
        JSON.stringify(all.filter((r) => r.state !== 'done').map((r) => [r.platform, r.benchmark, r.state, r.error])),
      ).toBe(3 * 5);
      for (const r of runs) {
        const inPodman = /"container":\s*"podman"/.test(r.facts ?? '');
        expect([r.platform, r.benchmark, inPodman]).toEqual([r.platform, r.benchmark, r.platform !== 'native']);
      }
    } finally {
      db.close();
    }
    expect(openLedger(1)).toEqual([]);
    expect(await hostState()).toBe(before);
  }, 600_000);

  it("two campaigns' bridges on the same hosts get subnets of their own; a cancel mid-campaign removes everything it made", async () => {
    const before = await hostState();
    const runs = ['one', 'two'].map((n) => {
      const file = join(data.dir, `cancel-${n}.yaml`);
      // 30 runs of 8 s: neither campaign can end before both have a run under way (up to 180 s) and are cancelled.
      writeFileSync(file, LONG(`podman-cancel-${n}`, 'pod-bridge', 30));
      return cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
    });
    try {
      const ids = await Promise.all(runs.map((r) => campaignIdOf(r.stdout)));
      // Both prepared (the second no longer pauses on the first's subnet) and running at once.
      for (const id of ids) await waitUntil(`a run of campaign ${id} under way in its containers`, () => running(id) > 0, 180_000);
      const subnets = ids.map((id) =>
        (openLedger(id) as { kind: string; handle: string }[]).filter((e) => e.kind === 'route').map((e) => e.handle.split(' ')[0]),
      );
      expect(subnets[0]!.length).toBe(2);
      expect(subnets[0]!.filter((x) => subnets[1]!.includes(x))).toEqual([]);
      for (const [i, id] of ids.entries()) {
        const cancel = cli(data.dir, ['campaign', 'cancel', String(id)]);
        expect(await cancel.exit, cancel.stderr()).toBe(0);
        await runs[i]!.exit;
        expect(openLedger(id)).toEqual([]);
      }
      expect(await hostState()).toBe(before);
    } finally {
      for (const r of runs) if (r.child.exitCode === null) r.child.kill('SIGKILL');
    }
  }, 300_000);

  it('after a SIGKILL of VirtLab, the resume adopts the containers, finishes and removes everything', async () => {
    const before = await hostState();
    const file = join(data.dir, 'kill.yaml');
    writeFileSync(file, LONG('podman-kill', 'pod-slirp'));
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
    const id = await campaignIdOf(run.stdout);
    await waitUntil('a run under way in the containers', () => running(id) > 0, 120_000);
    run.child.kill('SIGKILL');
    await run.exit;
    // Killed: its containers are still there (and the run inside them goes on).
    expect(await hostState()).not.toBe(before);
    const resume = cli(data.dir, ['campaign', 'resume', String(id), '--known-hosts', inv.knownHostsPath, '--poll-ms', '300']);
    expect(await resume.exit, `${resume.stdout().slice(-2000)}\n${resume.stderr()}`).toBe(0);
    const db = openDatabase({ path: data.dbPath, readonly: true });
    try {
      const states = db.prepare('SELECT state, COUNT(*) AS n FROM runs WHERE campaign_id = ? GROUP BY state').all(id) as { state: string; n: number }[];
      expect(states.find((s) => s.state === 'done')?.n).toBe(2);
    } finally {
      db.close();
    }
    expect(openLedger(id)).toEqual([]);
    expect(await hostState()).toBe(before);
  }, 300_000);

  it("takes a part of its /16 no Podman network on the hosts uses (another data folder's campaign holds the one its id gives), and leaves that network alone", async () => {
    const before = await hostState();
    const db = openDatabase({ path: data.dbPath, readonly: true });
    const next = ((db.prepare('SELECT MAX(id) AS m FROM campaigns').get() as { m: number | null }).m ?? 0) + 1;
    db.close();
    // Podman's networks are the machine's: a network of another data folder (or user) in the slot campaign `next` would
    // take by its id (id mod 16), made and removed here by its own name.
    const foreign = `virtlab-lab-foreign-${process.pid}`;
    const foreignSubnet = `10.96.${(next % 16) * 16}.0/28`;
    const inspect = () => execIn(inv.hosts[0]!, ['podman', 'network', 'inspect', '--format', '{{range .Subnets}}{{.Subnet}}{{end}}', foreign]);
    await execIn(inv.hosts[0]!, ['podman', 'network', 'create', '--internal', '--disable-dns', '--subnet', foreignSubnet, foreign]);
    try {
      const file = join(data.dir, 'slot.yaml');
      writeFileSync(file, LONG('podman-slot', 'pod-own', 1).replace('durationSec: 8', 'durationSec: 1'));
      const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
      expect(await run.exit, `${run.stdout().slice(-2000)}\n${run.stderr()}`).toBe(0);
      const rdb = openDatabase({ path: data.dbPath, readonly: true });
      try {
        const rows = rdb.prepare('SELECT kind, handle, detail_json AS d, state FROM platform_resources WHERE campaign_id = ?').all(next) as {
          kind: string;
          handle: string;
          d: string;
          state: string;
        }[];
        // The next slot round the /16, recorded before anything was made; the hosts' networks and routes in it.
        const slot = (next + 1) % 16;
        expect(JSON.parse(rows.find((r) => r.kind === 'choice')?.d ?? '{}')).toEqual({ slot, range: `10.96.${slot * 16}.0/20` });
        const routes = rows.filter((r) => r.kind === 'route').map((r) => r.handle);
        expect(routes.length).toBe(2);
        for (const r of routes) expect(r.startsWith(`10.96.${slot * 16}.`)).toBe(true);
        expect(rows.filter((r) => r.state !== 'removed')).toEqual([]);
        expect((rdb.prepare('SELECT state FROM runs WHERE campaign_id = ?').all(next) as { state: string }[]).map((r) => r.state)).toEqual(['done']);
      } finally {
        rdb.close();
      }
      expect((await inspect()).trim()).toBe(foreignSubnet);
    } finally {
      await execIn(inv.hosts[0]!, ['podman', 'network', 'rm', '-f', foreign]);
    }
    expect(await hostState()).toBe(before);
  }, 300_000);

  it('refuses a campaign with a bad platform at its start: its sentence, no campaign, no run', async () => {
    const db = openDatabase({ path: data.dbPath });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    try {
      definePlatform(createRepos(db), {
        name: 'pod-missing',
        technology: 'os-level',
        product: 'Podman',
        provider: 'podman',
        isBaseline: false,
        endpoints: inv.hosts.map((h) => h.name),
        settings: { image: 'no-such-image', network: 'bridge' },
      });
      const campaigns = count('SELECT COUNT(*) AS n FROM campaigns');
      const runs = count('SELECT COUNT(*) AS n FROM runs');
      const file = join(data.dir, 'refused.yaml');
      writeFileSync(
        file,
        LONG('podman-refused', 'pod-missing')
          .replace('platforms: [pod-missing]', 'platforms: [native, pod-missing]')
          .replace('baseline: pod-missing', 'baseline: native'),
      );
      const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '300', '--quiet']);
      expect(await run.exit).toBe(1);
      expect(run.stderr()).toContain(
        `The campaign was not started: platform pod-missing: ${inv.hosts[0]!.name}: Podman has no image no-such-image (see \`podman images\``,
      );
      expect(run.stderr()).toContain(`platform pod-missing: ${inv.hosts[1]!.name}: Podman has no image no-such-image`);
      expect([count('SELECT COUNT(*) AS n FROM campaigns'), count('SELECT COUNT(*) AS n FROM runs')]).toEqual([campaigns, runs]);
    } finally {
      db.close();
    }
  }, 120_000);

  it('refuses every bad input on the hosts with its sentence', async () => {
    const s = (x: Record<string, unknown>) => podmanSettings.parse({ image: IMAGE, ...x });
    const both = [shellOn(0), shellOn(1)];
    expect(await checkPodman(s({}), both)).toEqual([]);
    expect(await checkPodman(s({ image: 'no-such-image' }), [shellOn(0)])).toEqual([
      `${inv.hosts[0]!.name}: Podman has no image no-such-image (see \`podman images\`; load it, or give imageArchive: a root file system tarball VirtLab imports)`,
    ]);
    expect(await checkPodman(s({ network: 'pasta' }), [shellOn(0)])).toEqual([
      `${inv.hosts[0]!.name}: network mode pasta needs Podman 4.4 or later; this host has Podman 4.3.1 (use slirp4netns, bridge or host)`,
    ]);
    const [limits] = await checkPodman(s({ cpus: 4096, memoryMiB: 16 * 1024 * 1024 }), [shellOn(0)]).then((p) => [p.join('\n')]);
    expect(limits).toMatch(/a CPU limit of 4096 is above the host's \d+ CPU\(s\)/);
    expect(limits).toMatch(/a memory limit of 16777216 MiB is above the host's \d+ MiB/);
    // Rootless without subordinate ID ranges for the login (root has none on the lab's machine).
    expect(await checkPodman(s({ rootless: true }), [shellOn(0)])).toEqual([
      'rootless Podman is not supported by this VirtLab yet: use a root login on the hosts (rootless: false)',
      `${inv.hosts[0]!.name}: rootless Podman needs subordinate ID ranges for root in /etc/subuid and /etc/subgid (as root: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 root)`,
    ]);
    // A published port already taken: sshd's own port 22 is below the allowed range, so listen on one for the test.
    const port = 24865;
    const listener = execIn(inv.hosts[1]!, [
      'timeout',
      '5',
      'python3',
      '-c',
      `import socket,time; s=socket.socket(); s.bind(('0.0.0.0', ${port})); s.listen(); time.sleep(4)`,
    ]);
    await new Promise((r) => setTimeout(r, 800));
    expect(await checkPodman(s({ network: 'slirp4netns', ports: [port, port + 1] }), [shellOn(1)])).toEqual([
      `${inv.hosts[1]!.name}: published port ${port} already in use on the host (choose other ports)`,
    ]);
    await listener.catch(() => undefined);
    // A host without Podman: the same probe with a PATH that has every tool it uses but podman.
    const noPodman: HostShell = {
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
    expect(await checkPodman(s({}), [noPodman])).toEqual([
      expect.stringMatching(/: Podman is not installed \(install it as root: apt-get install podman runc netavark catatonit/),
    ]);
  }, 120_000);
});
