// Plain-QEMU VMs in a campaign through the CLI, on the VM lab instance (vm-, 10.237), from a fresh data folder: native
// vs one TCG VM per host (1 vCPU, 1 GiB), netperf TCP_RR, IOzone and NPB EP over MPI across the two VMs (keys between
// the VMs, a hostfile of their addresses, the binary at one path in both), every run done and its facts saying qemu
// and TCG. The campaign is SIGKILLed while its VMs boot and resumed: the resume removes the orphaned VMs, boots new
// ones, finishes, and leaves nothing (QEMU processes, the host's ssh into the VMs, VM folders with overlays and seed
// images, taps, routes). A cancel during a boot leaves nothing either. One boot of two VMs in all (plus two cut
// short): TCG boots take minutes.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { emulatorOf } from '../../../../main/lab-model/emulation.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { execIn, labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { LAB_IMAGE_DIR } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli, labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';

const config: LabConfig = LAB_INSTANCES.vms;
// In each lab host's own /root (the hosts share every other folder of this machine): the VMs' shared home is then at
// one path on both hosts and yet each VM's own, as on separate machines.
const STATE = '/root/vl-vms';
let inv: LabInventory;
let data: LabData;
let npb: string;

const vmSettings = (over: Record<string, unknown> = {}) => ({
  accelerator: 'kvm', allowTcg: true, vcpus: 1, memoryMiB: 1024,
  // Routed with proxy ARP: each VM in its host's guest subnet (the lab routes 10.X.i.0/24 to host i).
  addresses: [`10.${config.octet}.1.3`, `10.${config.octet}.2.3`], prefixLength: 16,
  authorizedKeys: [readFileSync(`${inv.keyPath}.pub`, 'utf8').trim()],
  stateDir: STATE, imageDir: LAB_IMAGE_DIR, bootTimeoutSec: 900, ...over,
});

function define(name: string, settings: Record<string, unknown>): void {
  const db = openDatabase({ path: data.dbPath });
  try {
    definePlatform(createRepos(db), { name, technology: 'full-virt', product: 'QEMU (TCG)', provider: 'qemu', isBaseline: false, endpoints: inv.hosts.map((h) => h.name), settings });
  } finally { db.close(); }
}

/** What VirtLab could leave for its VMs: QEMU and the hosts' ssh into them (one process table), and per host its
 * links, routes and VM folders. */
async function vmState(): Promise<string> {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n')
    .filter((l) => (l.startsWith('qemu-system') && l.includes('virtlab-c')) || (l.startsWith('ssh') && l.includes(STATE))).join('\n');
  const hosts = await Promise.all(inv.hosts.map((h) => execIn(h, ['sh', '-c', `ip -o link | cut -d: -f2 | sed "s/@.*//"; ip route; cat /proc/sys/net/ipv4/ip_forward; ls -A ${STATE} 2>/dev/null; true`])));
  return [ps, ...hosts].join('\n---\n');
}

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  npb = npbTestTarball();
  data = await labDataDir(2, config);
  define('vm', vmSettings());
}, 300_000);

afterAll(async () => {
  // A test that failed may leave a campaign paused with its VMs up (a pause keeps them for the resume): cancel removes them.
  if (data) {
    for (const { id } of query<{ id: number }>("SELECT id FROM campaigns WHERE state NOT IN ('done', 'failed', 'cancelled')")) {
      await cli(data.dir, ['campaign', 'cancel', String(id), '--known-hosts', inv.knownHostsPath]).exit;
    }
  }
  data?.cleanup();
  if (npb) rmSync(npb, { force: true });
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 300_000);

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
  try { return db.prepare(sql).all(...args) as T[]; } finally { db.close(); }
}
const openLedger = (id: number) => query<{ host: string; kind: string; state: string }>("SELECT host, kind, state FROM platform_resources WHERE campaign_id = ? AND state <> 'removed'", id);
/** Both hosts' QEMU started (in the ledger as made). */
const booting = (id: number) => openLedger(id).filter((e) => e.kind === 'qemu' && e.state === 'created').length === 2;
const campaignIdOf = (out: () => string) => waitUntil('the campaign to be created', () => /campaign (\d+) \(/.exec(out())?.[1], 60_000).then(Number);

describe('QEMU VM platform through the CLI', () => {
  it('runs native vs a TCG VM per host (netperf, IOzone, NPB MPI across the VMs), resumes after a SIGKILL during the boot, and leaves nothing', async () => {
    const before = await vmState();
    const file = join(data.dir, 'scenario.yaml');
    writeFileSync(file, SCENARIO);
    const plan = cli(data.dir, ['scenario', 'plan', file]);
    expect(await plan.exit, plan.stderr()).toBe(0);
    expect(plan.stdout()).toContain('prepare: boot one VM a host (1 vCPU, 1024 MiB, TCG if KVM cannot) and enrol it');

    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '500']);
    const id = await campaignIdOf(run.stdout);
    try {
      await waitUntil('both VMs booting', () => booting(id), 600_000);
    } finally { run.child.kill('SIGKILL'); }
    await run.exit;
    // Killed mid-boot: its VMs run on, orphaned.
    expect(await vmState()).not.toBe(before);

    const resume = cli(data.dir, ['campaign', 'resume', String(id), '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '500']);
    const code = await resume.exit;
    const out = resume.stdout();
    expect(code, `${out.slice(-3000)}\n${resume.stderr()}`).toBe(0);
    expect(out).toContain('removing what an earlier process left');
    expect(out).toMatch(/VM virtlab-c\d+-h0 booting at 10\.237\.1\.3 \(TCG: full emulation\)/);

    const runs = query<{ planIndex: number; state: string; error: string | null; platform: string; benchmark: string; facts: string | null }>(
      `SELECT r.plan_index AS planIndex, r.state, r.error, p.name AS platform, r.benchmark, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id
       LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = ?`, id);
    const done = runs.filter((r) => r.state === 'done');
    expect(new Set(done.map((r) => r.planIndex)).size, JSON.stringify(runs.filter((r) => r.state !== 'done').map((r) => [r.platform, r.benchmark, r.state, r.error]))).toBe(2 * 3);
    for (const r of done) {
      // Inside the VM: systemd-detect-virt says qemu (QEMU without KVM) and the CPU is QEMU's TCG model. (The lab hosts
      // are themselves KVM guests of the machine: kvm, no emulator.)
      const facts = JSON.parse(r.facts ?? '{}') as { virtualization?: { vm: string | null }; cpu?: { model: string | null } };
      expect([r.platform, r.benchmark, facts.virtualization?.vm === 'qemu', facts.cpu?.model?.startsWith('QEMU TCG CPU') ?? false, emulatorOf(facts) ?? null])
        .toEqual([r.platform, r.benchmark, r.platform === 'vm', r.platform === 'vm', r.platform === 'vm' ? 'TCG' : null]);
    }
    expect(openLedger(id)).toEqual([]);
    expect(await vmState()).toBe(before);
  }, 1_500_000);

  it('a cancel during the boot removes the VMs, their folders and taps', async () => {
    const before = await vmState();
    const file = join(data.dir, 'cancel.yaml');
    writeFileSync(file, 'name: vm-cancel\nplatforms: [vm]\nbaseline: vm\nrepetitions: 1\nbenchmarks:\n  - benchmark: netperf\n    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }\n');
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--poll-ms', '500']);
    try {
      const id = await campaignIdOf(run.stdout);
      await waitUntil('both VMs booting', () => booting(id), 600_000);
      const cancel = cli(data.dir, ['campaign', 'cancel', String(id)]);
      expect(await cancel.exit, cancel.stderr()).toBe(0);
      await run.exit;
      expect(query<{ state: string }>('SELECT state FROM campaigns WHERE id = ?', id)).toEqual([{ state: 'cancelled' }]);
      expect(query<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE campaign_id = ? AND state = 'done'", id)).toEqual([{ n: 0 }]);
      expect(openLedger(id)).toEqual([]);
      expect(await vmState()).toBe(before);
    } finally { if (run.child.exitCode === null) run.child.kill('SIGKILL'); }
  }, 900_000);
});
