// `npm run bench -- estimate`: is the plan's estimate honest? A campaign that builds NPB from its source tree (the
// NPB test tree, as a user's tarball) on the lab is planned, then run through the CLI, twice on the same lab: the
// first time nothing ran before (the estimate comes from the benchmark's rules: upload, builds, MPI keys, run time,
// per-run overhead), the second time every point ran before (the estimate comes from its history, builds are there).
// For each: the plan's estimate, the campaign's wall time and their ratio against a factor-1.5 target.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../main/contract/scenarios.ts';
import { openDatabase } from '../main/store/open-database.ts';
import { createRepos } from '../main/store/repos/index.ts';
import { labDown, labUp } from '../test/lab/api.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { cli, labDataDir, type LabData } from '../test/main/campaigns/support/lab-campaign.ts';
import { npbTestTarball } from '../test/support/npb-tarball.ts';

const TARGET_FACTOR = 1.5;
const config = LAB_INSTANCES.estimates;

const SCENARIO = `
name: estimate
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: npb
    params: { kernels: [EP, IS], classes: [W], variants: [serial, openmp, mpi], threads: [2], mpiNodes: [1, 2] }
repetitions: ${Number(process.env.VIRTLAB_BENCH_REPETITIONS ?? '2')}
order: randomized
maxParallel: 1
`;

interface Round {
  estimateSec: number;
  sequentialSec: number;
  setupSec: number;
  fromHistory: number;
  runs: number;
  wallSec: number;
  executorSec: number;
  ratio: number;
  within: boolean;
}

async function plan(data: LabData, file: string): Promise<Plan> {
  const p = cli(data.dir, ['scenario', 'plan', file, '--seed', '1', '--json']);
  if ((await p.exit) !== 0) throw new Error(`plan failed: ${p.stderr()}`);
  return JSON.parse(p.stdout()) as Plan;
}

async function round(data: LabData, file: string, tarball: string, campaignId: number): Promise<Round> {
  const p = await plan(data, file);
  const t0 = Date.now();
  const c = cli(data.dir, ['scenario', 'run', file, '--seed', '1', '--known-hosts', data.inv.knownHostsPath, '--npb-source', tarball, '--quiet']);
  const code = await c.exit;
  const wallSec = (Date.now() - t0) / 1000;
  if (code !== 0) throw new Error(`campaign exited ${code}: ${c.stderr()}\n${c.stdout().slice(-2000)}`);
  const db = openDatabase({ path: data.dbPath, readonly: true });
  let executorSec: number;
  try {
    const repos = createRepos(db);
    const campaign = repos.campaigns.get(campaignId)!;
    executorSec = ((campaign.endedAt ?? Date.now()) - (campaign.startedAt ?? campaign.createdAt)) / 1000;
    const notDone = repos.runs.listByCampaign(campaignId).filter((r) => r.state !== 'done');
    if (notDone.length) throw new Error(`${notDone.length} run(s) did not end done, e.g. ${notDone[0]!.state}: ${notDone[0]!.error ?? ''}`);
  } finally {
    db.close();
  }
  // The plan's wall-time figure for this campaign's maxParallel (one at a time here: the same as its sequential one).
  const estimateSec = p.parallelSec;
  const ratio = wallSec / estimateSec;
  return {
    estimateSec: Math.round(estimateSec),
    sequentialSec: Math.round(p.sequentialSec),
    setupSec: Math.round(p.setup.reduce((t, s) => t + s.sec, 0)),
    fromHistory: p.entries.filter((e) => e.estimateFrom === 'history').length,
    runs: p.entries.length,
    wallSec: Number(wallSec.toFixed(1)),
    executorSec: Number(executorSec.toFixed(1)),
    ratio: Number(ratio.toFixed(3)),
    within: ratio <= TARGET_FACTOR && ratio >= 1 / TARGET_FACTOR,
  };
}

export async function run(): Promise<object> {
  await labUp({ hosts: 4, config });
  const data = await labDataDir(4, config);
  try {
    const file = join(data.dir, 'estimate.yaml');
    writeFileSync(file, SCENARIO);
    const tarball = npbTestTarball();
    const first = await round(data, file, tarball, 1);
    const second = await round(data, file, tarball, 2);
    const line = (name: string, r: Round) =>
      `${name.padEnd(22)} ${String(r.runs).padStart(4)} runs  estimate ${String(r.estimateSec).padStart(5)} s ` +
      `(setup ${r.setupSec} s, ${r.fromHistory} from history)  actual ${r.wallSec.toFixed(1).padStart(6)} s  actual/estimate ${r.ratio.toFixed(2)}  ${r.within ? 'within' : 'OUTSIDE'} ${TARGET_FACTOR}x`;
    console.log('\nNPB EP and IS class W from the source tree (serial, OpenMP 2 threads, MPI on 1 and 2 nodes), native and container, one run at a time');
    console.log(line('first (rules, builds)', first));
    console.log(line('again (history)', second));
    // The first campaign did the setup (upload, builds, keys), the second one found it done: their difference is
    // about what the setup took, against what the plan said it would.
    const setupMeasuredSec = Number((first.wallSec - second.wallSec).toFixed(1));
    console.log(`setup: planned ${first.setupSec} s, measured about ${setupMeasuredSec} s (first campaign's wall time minus the second's)\n`);
    return {
      targetFactor: TARGET_FACTOR,
      first,
      again: second,
      setup: { plannedSec: first.setupSec, measuredSec: setupMeasuredSec },
      met: first.within && second.within,
    };
  } finally {
    data.cleanup();
    if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
  }
}
