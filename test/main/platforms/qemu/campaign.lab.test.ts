// Plain-QEMU VMs on the lab (instance vm, 10.237, 2 hosts), booting two TCG VMs to ssh once in the whole file:
// - a boot that never answers ends at its timeout with the console's last lines (one VM, cut short), nothing left;
// - through the CLI from a fresh data folder, a cancel during the boot removes the VMs, folders and taps;
// - native vs one TCG VM per host (1 vCPU, 1 GiB): netperf TCP_RR, IOzone and NPB EP over MPI across the two VMs. The
//   campaign is SIGKILLed while its VMs boot and resumed: the resume removes the orphaned VMs and boots new ones. While
//   they run: the host key learned from the serial console is the one the VM's sshd shows (strict checking from here
//   passes), and commands run through wrap() see the shared home (9p) and the VM's own scratch disk. Every run done,
//   its facts saying qemu and TCG, and nothing left: QEMU processes, the hosts' ssh into the VMs, VM folders with
//   overlays and seed images, taps, routes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { emulatorOf } from '../../../../main/lab-model/emulation.ts';
import { sshCommandHost } from '../../../../main/platforms/image/image-host.ts';
import type { HostShell } from '../../../../main/platforms/provider.ts';
import { bootVm, type VmBootError } from '../../../../main/platforms/qemu/boot.ts';
import { consoleTail } from '../../../../main/platforms/qemu/console.ts';
import { qemuProvider } from '../../../../main/platforms/qemu/provider.ts';
import { qemuSettings, TCG_CONTROL_SEC, TCG_SERVER_START_SEC } from '../../../../main/platforms/qemu/settings.ts';
import { vmNames } from '../../../../main/platforms/qemu/vm-names.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import type { SshPool } from '../../../../main/ssh/pool.ts';
import { execIn, labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { LAB_IMAGE_DIR, labVmDisk } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli, labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';
import { openLab, type Lab } from '../../ssh/support/lab.ts';
import { MemoryLedger } from './support/memory-ledger.ts';

const config: LabConfig = LAB_INSTANCES.vms;
// In each lab host's own /root (the hosts share every other folder of this machine): the VMs' shared home is then at
// one path on both hosts and yet each VM's own, as on separate machines.
const STATE = '/root/vl-vms';
let inv: LabInventory;
let data: LabData;
let npb: string;
let lab: Lab;
let pool: SshPool;
let hosts: HostShell[];
const scratch = mkdtempSync(join(tmpdir(), 'vl-vms-'));

const vmSettings = (over: Record<string, unknown> = {}) => ({
  accelerator: 'kvm',
  allowTcg: true,
  vcpus: 1,
  memoryMiB: 1024,
  // Routed with proxy ARP: each VM in its host's guest subnet (the lab routes 10.X.i.0/24 to host i).
  addresses: [`10.${config.octet}.1.3`, `10.${config.octet}.2.3`],
  prefixLength: 16,
  authorizedKeys: [readFileSync(`${inv.keyPath}.pub`, 'utf8').trim()],
  stateDir: STATE,
  imageDir: LAB_IMAGE_DIR,
  bootTimeoutSec: 900,
  ...over,
});

function define(name: string, settings: Record<string, unknown>): void {
  const db = openDatabase({ path: data.dbPath });
  try {
    definePlatform(createRepos(db), {
      name,
      technology: 'full-virt',
      product: 'QEMU (TCG)',
      provider: 'qemu',
      isBaseline: false,
      endpoints: inv.hosts.map((h) => h.name),
      settings,
    });
  } finally {
    db.close();
  }
}

/** What VirtLab could leave for its VMs: QEMU and the hosts' ssh into them (one process table), and per host its
 * links, routes, forwarding and VM folders. */
async function vmState(): Promise<string> {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => (l.startsWith('qemu-system') && l.includes('virtlab-c')) || (l.startsWith('ssh') && l.includes(STATE)))
    .join('\n');
  const perHost = await Promise.all(
    inv.hosts.map((h) =>
      execIn(h, ['sh', '-c', `ip -o link | cut -d: -f2 | sed "s/@.*//"; ip route; cat /proc/sys/net/ipv4/ip_forward; ls -A ${STATE} 2>/dev/null; true`]),
    ),
  );
  return [ps, ...perHost].join('\n---\n');
}

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  npb = npbTestTarball();
  data = await labDataDir(2, config);
  define('vm', vmSettings());
  lab = await openLab(config);
  pool = lab.pool();
  hosts = lab.inv.hosts.map((h, ordinal) => {
    const c = sshCommandHost(pool.host(lab.rootEndpoint(h)));
    return { name: h.name, address: h.address, ordinal, run: (argv, o) => c.run(argv, o) };
  });
}, 300_000);

afterAll(async () => {
  // A test that failed may leave a campaign paused with its VMs up (a pause keeps them for the resume): cancel removes them.
  if (data) {
    for (const { id } of query<{ id: number }>("SELECT id FROM campaigns WHERE state NOT IN ('done', 'failed', 'cancelled')")) {
      await cli(data.dir, ['campaign', 'cancel', String(id), '--known-hosts', inv.knownHostsPath]).exit;
    }
  }
  pool?.closeAll();
  data?.cleanup();
  if (npb) rmSync(npb, { force: true });
  rmSync(scratch, { recursive: true, force: true });
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 300_000);

async function waitUntil<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = openDatabase({ path: data.dbPath, readonly: true });
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}
const openLedger = (id: number) =>
  query<{ host: string; kind: string; state: string; detail: string }>(
    "SELECT host, kind, state, detail_json AS detail FROM platform_resources WHERE campaign_id = ? AND state <> 'removed'",
    id,
  );
/** Both hosts' QEMU started (in the ledger as made). */
const booting = (id: number) => openLedger(id).filter((e) => e.kind === 'qemu' && e.state === 'created').length === 2;
/** The campaign's start (the platforms checked on their hosts first) prints its id; a refusal ends the CLI instead. */
async function campaignIdOf(run: ReturnType<typeof cli>): Promise<number> {
  const ended = run.exit.then((code) => {
    throw new Error(`the CLI ended (exit ${code}) before the campaign was created: ${run.stderr().slice(-2000)}`);
  });
  const created = waitUntil('the campaign to be created', () => /campaign (\d+) \(/.exec(run.stdout())?.[1], 180_000).then(Number);
  return Promise.race([created, ended]);
}

it("a boot that never answers ends at its timeout with the VM's name and the console's last lines, and leaves nothing", async () => {
  // The lab's disk as a site's own image, booted with a root device that does not exist: the kernel and initramfs
  // print, then wait for it, so the VM never answers whatever the machine's load. 90 s: enough for the kernel to print
  // at a load average of 21 (30 s was not).
  const before = await vmState();
  const d = await labVmDisk();
  const s = qemuSettings.parse(
    vmSettings({
      bootTimeoutSec: 90,
      image: { source: 'file', path: d.disk, format: 'raw', sha256: d.sha256, kernel: d.kernel, initrd: d.initrd, root: '/dev/vdz' },
    }),
  );
  const ledger = new MemoryLedger();
  try {
    const err = await bootVm(hosts[0]!, s, 'tcg', { campaignId: 903, platform: 'vm', ledger, say: () => {} }).then(
      () => new Error('it booted'),
      (e: unknown) => e as Error,
    );
    expect(err.name).toBe('VmBootError');
    const tail = consoleTail((err as VmBootError).console);
    expect(tail).not.toBe('');
    expect(err.message).toBe(
      `VM ${vmNames(STATE, 903, 'vm', 0).name} on vm-h01 did not answer ssh within 90 s (it never printed its host key); the console's last lines:\n${tail}`,
    );
    // Every resource was written to the ledger before it was made.
    for (const kind of ['vm-home', 'vm-dir', 'tap', 'qemu'])
      expect(ledger.events.indexOf(`intend ${kind}`)).toBeLessThan(ledger.events.indexOf(`created ${kind}`));
  } finally {
    expect(await qemuProvider.teardown(ledger.open(), { hostOf: (n) => hosts.find((h) => h.name === n), ledger, say: () => {} })).toEqual([]);
  }
  expect(ledger.open()).toEqual([]);
  expect(await vmState()).toBe(before);
}, 300_000);

it('a cancel during the boot removes the VMs, their folders and taps', async () => {
  const before = await vmState();
  const file = join(data.dir, 'cancel.yaml');
  writeFileSync(
    file,
    'name: vm-cancel\nplatforms: [vm]\nbaseline: vm\nrepetitions: 1\nbenchmarks:\n  - benchmark: netperf\n    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }\n',
  );
  const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '500']);
  try {
    const id = await campaignIdOf(run);
    await waitUntil('both VMs booting', () => booting(id), 600_000);
    const cancel = cli(data.dir, ['campaign', 'cancel', String(id)]);
    expect(await cancel.exit, cancel.stderr()).toBe(0);
    await run.exit;
    expect(query<{ state: string }>('SELECT state FROM campaigns WHERE id = ?', id)).toEqual([{ state: 'cancelled' }]);
    expect(query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE campaign_id = ? AND state = 'done'", id)).toEqual([{ n: 0 }]);
    expect(openLedger(id)).toEqual([]);
    expect(await vmState()).toBe(before);
  } finally {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
  }
}, 900_000);

const SCENARIO = `
name: vm-lab
platforms: [native, vm]
baseline: native
repetitions: 1
order: grouped
maxParallel: 1
runTimeoutSec: 900
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 2 }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 1024, tests: [write, read] }
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [mpi], mpiNodes: [2] }
`;

/** Once the resumed campaign's VMs are enrolled: what boot and enrolment promise, checked on the running VMs. */
async function checkEnrolledVms(id: number): Promise<void> {
  const guests = await waitUntil(
    'both VMs enrolled',
    () => {
      const g = openLedger(id).filter((e) => e.kind === 'guest' && e.state === 'created');
      return g.length === 2 && g;
    },
    1_500_000,
  );
  const s = qemuSettings.parse(vmSettings());
  const keys = guests.map((g) => JSON.parse(g.detail) as { hostKey: string; accel: string; virt: string; cpus: number; bootMs: number });
  for (const k of keys) expect([k.hostKey.startsWith('ssh-ed25519 '), k.accel, k.virt, k.cpus]).toEqual([true, 'tcg', 'qemu', 1]);
  // The host key learned over the trusted channel is the one the VM's sshd shows: strict checking from here passes.
  const kh = join(scratch, 'known_hosts');
  const byHost = (i: number) => keys[guests.findIndex((g) => g.host === inv.hosts[i]!.name)]!;
  writeFileSync(kh, [0, 1].map((i) => `${s.addresses[i]} ${byHost(i).hostKey}\n`).join(''));
  const out = execFileSync(
    'ssh',
    [
      '-F',
      'none',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=yes',
      '-o',
      `UserKnownHostsFile=${kh}`,
      '-i',
      inv.keyPath,
      `root@${s.addresses[1]}`,
      'hostname',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  const vm1 = vmNames(STATE, id, 'vm', 1);
  expect(out.trim()).toBe(vm1.name);
  // The host runs commands inside its VM through wrap(): in the runner's home, the host's folder shared at the same
  // path (a file put there on the host is there inside), while the scratch folder under it is the VM's own disk
  // (IOzone measures the virtual disk, not the share). (stat -f cannot tell: 9p2000.L reports the host's type.)
  const home = vm1.home;
  const guest = { campaignId: id, platform: 'vm', settings: s, host: { name: inv.hosts[1]!.name, address: inv.hosts[1]!.address, ordinal: 1 } };
  expect((await hosts[1]!.run(['sh', '-c', 'echo "copied to the host" >"$1/from-host.txt"', 'vm-test', home])).code).toBe(0);
  const where = await hosts[1]!.run(
    qemuProvider.wrap(guest, [
      'sh',
      '-c',
      'hostname; pwd; cat from-host.txt; rm from-host.txt; for d in "$HOME" "$HOME/.virtlab/scratch"; do awk -v d="$d" \'$2 == d { print $3 }\' /proc/mounts; done; for t in netperf netserver iozone mpirun gfortran; do command -v "$t"; done',
    ]),
    { timeoutMs: 120_000 },
  );
  expect(where.stdout.trim().split('\n')).toEqual([
    vm1.name,
    home,
    'copied to the host',
    '9p',
    'ext4',
    '/usr/bin/netperf',
    '/usr/bin/netserver',
    '/usr/bin/iozone',
    '/usr/bin/mpirun',
    '/usr/bin/gfortran',
  ]);
  expect(qemuProvider.reach(guest)).toEqual({ address: s.addresses[1], serverStartSec: TCG_SERVER_START_SEC, controlSec: TCG_CONTROL_SEC });
  console.log(`[vms] boot to ssh ${keys.map((k) => Math.round(k.bootMs / 1000)).join(', ')} s (2 TCG VMs at once)`);
}

it('runs native vs a TCG VM per host (netperf, IOzone, NPB MPI across the VMs), resumes after a SIGKILL during the boot, and leaves nothing', async () => {
  const before = await vmState();
  const file = join(data.dir, 'scenario.yaml');
  writeFileSync(file, SCENARIO);
  const plan = cli(data.dir, ['scenario', 'plan', file]);
  expect(await plan.exit, plan.stderr()).toBe(0);
  expect(plan.stdout()).toContain('prepare: boot one VM a host (1 vCPU, 1024 MiB, TCG if KVM cannot) and enrol it');

  const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '500']);
  let id = 0;
  try {
    id = await campaignIdOf(run);
    await waitUntil('both VMs booting', () => booting(id), 600_000);
  } finally {
    run.child.kill('SIGKILL');
  }
  await run.exit;
  // Killed mid-boot: its VMs run on, orphaned.
  expect(await vmState()).not.toBe(before);

  const resume = cli(data.dir, ['campaign', 'resume', String(id), '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '500']);
  try {
    await checkEnrolledVms(id);
  } finally {
    await resume.exit;
  }
  const out = resume.stdout();
  expect(resume.child.exitCode, `${out.slice(-3000)}\n${resume.stderr()}`).toBe(0);
  expect(out).toContain('removing what an earlier process left');
  expect(out).toContain(`VM ${vmNames(STATE, id, 'vm', 0).name} booting at 10.237.1.3 (TCG: full emulation)`);

  const runs = query<{ planIndex: number; state: string; error: string | null; platform: string; benchmark: string; facts: string | null }>(
    `SELECT r.plan_index AS planIndex, r.state, r.error, p.name AS platform, r.benchmark, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id
     LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = ?`,
    id,
  );
  const done = runs.filter((r) => r.state === 'done');
  expect(
    new Set(done.map((r) => r.planIndex)).size,
    JSON.stringify(runs.filter((r) => r.state !== 'done').map((r) => [r.platform, r.benchmark, r.state, r.error])),
  ).toBe(2 * 3);
  for (const r of done) {
    // Inside the VM: systemd-detect-virt says qemu (QEMU without KVM) and the CPU is QEMU's TCG model. (The lab hosts
    // are themselves KVM guests of the machine: kvm, no emulator.)
    const facts = JSON.parse(r.facts ?? '{}') as { virtualization?: { vm: string | null }; cpu?: { model: string | null } };
    expect([
      r.platform,
      r.benchmark,
      facts.virtualization?.vm === 'qemu',
      facts.cpu?.model?.startsWith('QEMU TCG CPU') ?? false,
      emulatorOf(facts) ?? null,
    ]).toEqual([r.platform, r.benchmark, r.platform === 'vm', r.platform === 'vm', r.platform === 'vm' ? 'TCG' : null]);
  }
  expect(openLedger(id)).toEqual([]);
  // Right after the resumed CLI exits, one ssh of a host into its VM (the runner's first command there, reading $HOME)
  // was still listed in 2 of the first 3 runs (not in the third), gone later; its cause is not known. Waited for up to
  // 60 s (ssh's connect timeout and keepalives here are 30 s each), and said when it was needed.
  const t0 = Date.now();
  let after = await vmState();
  let waited = false;
  while (after !== before && Date.now() - t0 < 60_000) {
    waited = true;
    await new Promise((r) => setTimeout(r, 2000));
    after = await vmState();
  }
  if (waited) console.log(`[vms] host state ${after === before ? 'as before' : 'still not as before'} after ${Math.round((Date.now() - t0) / 1000)} s`);
  expect(after).toBe(before);
}, 2_400_000);
