// The LXC provider on a lab instance of its own (vx-, 10.240), through the CLI from a fresh data folder: native vs LXC
// system containers (image unpacked from the base tarball, a veth with a static address on a bridge of VirtLab's,
// no DHCP, no NAT) on 2 hosts, netperf TCP_RR and IOzone, VirtLab SIGKILLed while a run goes on in the containers and
// the campaign resumed; every run done and its facts saying lxc; afterwards, and after a cancel mid-campaign, nothing
// the campaign made is left (lxc-ls, links, routes, nft and iptables rules, ip_forward, guest folders and the unpacked
// image). MPI the hybrid way: NPB EP class S built inside the containers and run over MPI on 1 and 2 hosts, each rank
// started by the hosts' mpirun through lxc-attach into its host's container (mount and PID namespaces only), then
// nothing left (MPI keys, rank processes, folders). And the check's sentences on the real hosts.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { checkLxc } from '../../../../main/platforms/lxc/check.ts';
import { lxcSettings } from '../../../../main/platforms/lxc/settings.ts';
import type { HostShell } from '../../../../main/platforms/provider.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { execIn, labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { mountCgroups } from '../../../lab/cgroups.ts';
import { hostState, rootState } from '../../../lab/host-state.ts';
import { labImage } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { cli, labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';
import { cancelMidRun, killAndResume, openLedger, runStates } from '../support/interrupt.ts';
import { mpiHostState, mpiRuns, mpiScenario, openResources } from '../support/mpi-campaign.ts';

const config: LabConfig = LAB_INSTANCES.lxc;
// lxc-ls lists the containers of every lab instance on this machine (other files and engineers run LXC platforms at the
// same time): only this file's platform's names count.
const LXC_LIST = `lxc-ls -1 | grep -E '^virtlab-c[0-9]+-lx-[0-9]+$'; ls -A "$HOME/.virtlab/images" 2>/dev/null`;
let inv: LabInventory;
let data: LabData;
let archive: string;
let npb: string | undefined;

const everything = async (): Promise<string> => [await rootState(), ...(await Promise.all(inv.hosts.map((h) => hostState(h, LXC_LIST))))].join('\n---\n');
/** Command lines of the machine's processes (every lab namespace shares its process table) that contain `needle`. */
const processesWith = (needle: string): string[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    })
    .filter((c) => c.includes(needle));
const shellOn = (i: number): HostShell => ({
  name: inv.hosts[i]!.name,
  address: inv.hosts[i]!.address,
  ordinal: i,
  run: async (argv) => ({ code: 0, stdout: await execIn(inv.hosts[i]!, [...argv]), stderr: '' }),
});

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  for (const h of inv.hosts) await mountCgroups(h);
  archive = (await labImage('base')).path;
  data = await labDataDir(2, config);
  const db = openDatabase({ path: data.dbPath });
  try {
    definePlatform(createRepos(db), {
      name: 'lx',
      technology: 'os-level',
      product: 'LXC',
      provider: 'lxc',
      isBaseline: false,
      endpoints: inv.hosts.map((h) => h.name),
      settings: { imageArchive: archive, network: 'bridge' },
    });
  } finally {
    db.close();
  }
}, 300_000);

afterAll(async () => {
  data?.cleanup();
  if (npb) rmSync(npb, { force: true });
  if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
}, 120_000);

const SCENARIO = `
name: lxc-lab
platforms: [native, lx]
baseline: native
repetitions: 1
order: grouped
maxParallel: 1
runTimeoutSec: 300
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 3 }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 1024, tests: [write, read] }
`;

/** The LXC platform alone, long enough to be cancelled while a run is under way: 30 runs of 8 s, so the campaign cannot
 * end between the first run under way and the cancel (with 2, a slow `campaign cancel` on a loaded machine came after). */
const LONG = `
name: lxc-cancel
platforms: [lx]
baseline: lx
repetitions: 30
maxParallel: 1
runTimeoutSec: 120
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 8 }
`;

describe('LXC platform through the CLI', () => {
  it('runs native vs LXC (bridge, static addresses) to the end through a SIGKILL and a resume, each run in what it says, and leaves nothing behind', async () => {
    const before = await everything();
    const file = join(data.dir, 'scenario.yaml');
    writeFileSync(file, SCENARIO);
    const k = await killAndResume(data, inv.knownHostsPath, file, everything, 'lx');
    // Killed while a run went on in the containers: they are still there; the resume adopts them.
    expect(k.whileDead).not.toBe(before);
    expect(k.exit, k.output).toBe(0);
    const db = openDatabase({ path: data.dbPath, readonly: true });
    try {
      const all = db
        .prepare(
          `SELECT r.plan_index AS planIndex, r.state, r.error, p.name AS platform, r.benchmark, f.json AS facts FROM runs r JOIN platforms p ON p.id = r.platform_id
        LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = 1`,
        )
        .all() as { planIndex: number; state: string; error: string | null; platform: string; benchmark: string; facts: string | null }[];
      const done = all.filter((r) => r.state === 'done');
      expect(
        new Set(done.map((r) => r.planIndex)).size,
        JSON.stringify(all.filter((r) => r.state !== 'done').map((r) => [r.platform, r.benchmark, r.state, r.error])),
      ).toBe(2 * 2);
      for (const r of done) {
        const v = (JSON.parse(r.facts ?? '{}') as { virtualization?: { container: string | null } }).virtualization;
        expect([r.platform, r.benchmark, v?.container === 'lxc']).toEqual([r.platform, r.benchmark, r.platform === 'lx']);
      }
      expect(db.prepare("SELECT kind, handle FROM platform_resources WHERE state <> 'removed'").all()).toEqual([]);
    } finally {
      db.close();
    }
    expect(await everything()).toBe(before);
  }, 300_000);

  it('removes everything when the campaign is cancelled mid-way', async () => {
    const before = await everything();
    const file = join(data.dir, 'cancel.yaml');
    writeFileSync(file, LONG);
    const c = await cancelMidRun(data, inv.knownHostsPath, file);
    expect(runStates(data, c.id)['cancelled'], c.output).toBeGreaterThan(0);
    expect(openLedger(data, c.id)).toEqual([]);
    expect(await everything()).toBe(before);
  }, 300_000);

  it("runs NPB EP over MPI on 1 and 2 hosts, each rank through lxc-attach into its host's container, and leaves nothing behind", async () => {
    npb = npbTestTarball();
    const before = [await everything(), await mpiHostState(inv.hosts, LXC_LIST)].join('\n');
    const file = join(data.dir, 'mpi.yaml');
    writeFileSync(file, mpiScenario('lxc-mpi', ['lx']));
    const run = cli(data.dir, ['scenario', 'run', file, '--known-hosts', inv.knownHostsPath, '--npb-source', npb, '--poll-ms', '300']);
    expect(await run.exit, `${run.stdout().slice(-3000)}\n${run.stderr()}`).toBe(0);
    const id = Number(/campaign (\d+) \(/.exec(run.stdout())?.[1]);
    const runs = mpiRuns(data, id);
    expect(runs.map((r) => [r.nodes, r.state, r.error])).toEqual([
      [1, 'done', null],
      [2, 'done', null],
    ]);
    for (const r of runs) {
      expect(r.stdout).toMatch(/Verification\s*=\s*SUCCESSFUL/);
      expect(r.stdout).toMatch(new RegExp(`Total number of processes:\\s+${r.nodes}\\b`));
      // The hosts' mpirun; every rank attached to the container of the host it lands on, the binary built inside.
      const command = r.command.join(' ').replace(/['\\]/g, '');
      expect(command).toMatch(
        new RegExp(
          `mpirun .*lxc-attach -n "\\$n" -s MOUNT\\|PID .* virtlab-lxc-rank \\S*/\\.virtlab/guests/virtlab-c${id}-lx/\\.virtlab/npb/\\S*ep\\.S\\.\\w+`,
          's',
        ),
      );
      expect(r.container).toBe('lxc');
    }
    expect(run.stdout()).toContain("through the platform's runtime, on the host network (each rank through lxc-attach");
    expect(openResources(data)).toEqual([]);
    // No rank script or lxc-attach outlives the campaign.
    expect(processesWith(`virtlab-c${id}-lx`)).toEqual([]);
    expect([await everything(), await mpiHostState(inv.hosts, LXC_LIST)].join('\n')).toBe(before);
  }, 420_000);

  it('refuses a missing runtime and a missing archive with their sentences', async () => {
    const s = (x: Record<string, unknown>) => lxcSettings.parse({ imageArchive: archive, ...x });
    expect(await checkLxc(s({}), [shellOn(0), shellOn(1)])).toEqual([]);
    expect(await checkLxc(s({ imageArchive: '/nonexistent/image.tar' }), [shellOn(0)])).toEqual([
      `${inv.hosts[0]!.name}: image archive /nonexistent/image.tar is not there (or not readable)`,
    ]);
    const noLxc: HostShell = {
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
    expect(await checkLxc(s({}), [noLxc])).toEqual([expect.stringMatching(/: LXC is not installed: no lxc-start \(install it as root: apt-get install lxc/)]);
  }, 120_000);
});
