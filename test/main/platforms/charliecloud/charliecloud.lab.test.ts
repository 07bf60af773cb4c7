// The Charliecloud provider on the Docker provider's lab instance (vw-, 10.239; no daemon needed), through the CLI
// from a fresh data folder: native vs ch-run on an image unpacked from the base tarball on 2 hosts, netperf TCP_RR,
// IOzone and NPB EP serial built inside with the image's toolchain, VirtLab SIGKILLed while a run goes on in ch-run and
// the campaign resumed; every run done and its facts saying charliecloud; afterwards, and after a cancel mid-campaign,
// nothing the campaign made is left (guest folders with the unpacked images, ch-image's list, links, routes, rules).
// And the check's sentences on the real hosts.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { checkCharliecloud } from '../../../../main/platforms/charliecloud/check.ts';
import { charliecloudSettings } from '../../../../main/platforms/charliecloud/settings.ts';
import type { HostShell } from '../../../../main/platforms/provider.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';
import { execIn, labDown, labUp, type LabConfig, type LabInventory } from '../../../lab/api.ts';
import { hostState, rootState } from '../../../lab/host-state.ts';
import { labImage } from '../../../lab/images.ts';
import { LAB_INSTANCES } from '../../../lab/instances.ts';
import { npbTestTarball } from '../../../support/npb-tarball.ts';
import { labDataDir, type LabData } from '../../campaigns/support/lab-campaign.ts';
import { cancelMidRun, killAndResume, openLedger, runStates } from '../support/interrupt.ts';

const config: LabConfig = LAB_INSTANCES.docker;
let inv: LabInventory;
let data: LabData;
let archive: string;
let npb: string;

const everything = async (): Promise<string> =>
  [await rootState(), ...(await Promise.all(inv.hosts.map((h) => hostState(h, 'ch-image list 2>/dev/null || true'))))].join('\n---\n');

const shellOn = (i: number): HostShell => ({
  name: inv.hosts[i]!.name,
  address: inv.hosts[i]!.address,
  ordinal: i,
  run: async (argv) => ({ code: 0, stdout: await execIn(inv.hosts[i]!, [...argv]), stderr: '' }),
});

beforeAll(async () => {
  inv = await labUp({ hosts: 2, config });
  archive = (await labImage('base')).path;
  npb = npbTestTarball();
  data = await labDataDir(2, config);
  const db = openDatabase({ path: data.dbPath });
  try {
    definePlatform(createRepos(db), {
      name: 'ch',
      technology: 'os-level',
      product: 'Charliecloud',
      provider: 'charliecloud',
      isBaseline: false,
      endpoints: inv.hosts.map((h) => h.name),
      settings: { imageArchive: archive },
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
name: charliecloud-lab
platforms: [native, ch]
baseline: native
repetitions: 1
order: grouped
maxParallel: 1
runTimeoutSec: 300
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }
  - benchmark: iozone
    params: { fileSizes: [1024], recordSize: 1024, tests: [write, read] }
  - benchmark: npb
    params: { kernels: [EP], classes: [S], variants: [serial] }
`;

/** The Charliecloud platform alone, long enough to be cancelled while a run is under way. */
const LONG = `
name: charliecloud-cancel
platforms: [ch]
baseline: ch
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

describe('Charliecloud platform through the CLI', () => {
  it('runs native vs ch-run to the end (netperf, IOzone, NPB built inside) through a SIGKILL and a resume, each run in what it says, and leaves nothing behind', async () => {
    const before = await everything();
    const file = join(data.dir, 'scenario.yaml');
    writeFileSync(file, SCENARIO);
    const k = await killAndResume(data, inv.knownHostsPath, file, everything, 'ch', ['--npb-source', npb]);
    // Killed while a run went on through ch-run: the unpacked images are still there; the resume uses them.
    expect(k.whileDead).not.toBe(before);
    expect(k.exit, k.output).toBe(0);
    const all = runsOf(1);
    const done = all.filter((r) => r.state === 'done');
    expect(
      new Set(done.map((r) => r.planIndex)).size,
      JSON.stringify(all.filter((r) => r.state !== 'done').map((r) => [r.platform, r.benchmark, r.state, r.error])),
    ).toBe(2 * 3);
    for (const r of done) {
      const v = (JSON.parse(r.facts ?? '{}') as { virtualization?: { container: string | null } }).virtualization;
      expect([r.platform, r.benchmark, v?.container === 'charliecloud']).toEqual([r.platform, r.benchmark, r.platform === 'ch']);
    }
    expect(openResources()).toEqual([]);
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

  it('refuses a missing runtime and a missing archive with their sentences', async () => {
    const s = (x: Record<string, unknown>) => charliecloudSettings.parse({ imageArchive: archive, ...x });
    expect(await checkCharliecloud(s({}), [shellOn(0), shellOn(1)])).toEqual([]);
    expect(await checkCharliecloud(s({ imageArchive: '/nonexistent/image.tar' }), [shellOn(0)])).toEqual([
      `${inv.hosts[0]!.name}: image archive /nonexistent/image.tar is not there (or not readable)`,
    ]);
    const noCh: HostShell = {
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
    expect(await checkCharliecloud(s({}), [noCh])).toEqual([
      expect.stringMatching(/: Charliecloud is not installed: no ch-run \(install it as root: apt-get install charliecloud-runtime/),
    ]);
  }, 120_000);
});
