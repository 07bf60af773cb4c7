// `npm run bench -- slurm-figure4`: the paper's Figure 4 through Slurm, unattended, on 64 lab hosts (instance 'yd',
// each a Slurm node): one campaign of NPB MPI class S over 1, 2, 4, ..., 64 nodes, one rank a node, native vs
// Charliecloud (each rank through ch-run on its node), every run one sbatch job (srun --mpi=pmix), then the report as
// PDF. Class S so 64 ranks fit this machine's 2 cores; the lab's NPB tree (test/fixtures/npb) has EP, IS and CG, so
// those are the kernels (BT and SP need the real NPB source, --npb-source / VIRTLAB_NPB_SOURCE). Prints the campaign's
// outcome, its wall time and where the PDF and its page images are; the last line is one JSON object.
// VIRTLAB_FIG4_HOSTS runs it on fewer hosts (the counts up to that), VIRTLAB_FIG4_KERNELS (e.g. "EP, IS") fewer kernels.
// The Charliecloud image: 64 unpacked copies of the lab's base image (~0.7 GB each) do not fit this machine's disk, so
// the bench unpacks it once (cached next to the lab images) and puts a link to it where the provider would unpack its
// copy on each host, marked unpacked: the provider's prepare then finds it there (as on a site whose nodes see one
// staged image) and unpacks nothing. The bench removes the links at the end; the provider's teardown finds nothing of
// its own to remove.
// The lab's 64 nodes share this machine's 2 cores, so the platform says so: Slurm setting mpiYieldWhenIdle (Open MPI's
// mpi_yield_when_idle for its ranks; busy-polling ranks kept EP on 64 nodes from finishing), recorded in every run's
// facts and in its srun line. The PDF and its page images go to VIRTLAB_FIG4_OUT when set (kept, printed); otherwise
// to a temporary folder removed at the end like the campaign's data folder. No retries: a run that times out is seen
// as failed in the output, not hidden behind (and doubled by) a second 15-minute attempt.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { inHost, labDown, labUp, slurmUp, type LabInventory } from '../test/lab/api.ts';
import { LAB_IMAGE_DIR, labImage } from '../test/lab/images.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { npbTestTarball } from '../test/support/npb-tarball.ts';
import { cli, labDataDir, runFacts, type LabData } from '../test/main/campaigns/support/lab-campaign.ts';
import { openDatabase } from '../main/store/open-database.ts';
import { readLimits } from '../test/lab/neighbours.ts';

const config = LAB_INSTANCES.slurmFigure4;
const HOSTS = Number(process.env.VIRTLAB_FIG4_HOSTS ?? '64');
const COUNTS = [1, 2, 4, 8, 16, 32, 64].filter((n) => n <= HOSTS);
/** VIRTLAB_FIG4_KERNELS, e.g. "EP, IS": a subset of the kernels. */
const KERNELS = (process.env.VIRTLAB_FIG4_KERNELS ?? 'EP, IS, CG').split(/[ ,]+/).filter(Boolean);
const CH = 'ch-slurm';
/** The guest folder the Charliecloud provider uses on every host for campaign 1 (a fresh data folder) on CH. */
const CH_GUEST = `.virtlab/guests/virtlab-c1-${CH}`;
/** Where the runner's folders are bound inside ch-run (the same path as on the host: HOME inside is the guest folder). */
const CH_SHARED = ['runs', 'npb', 'src', 'mpi'].map((f) => `${CH_GUEST}/.virtlab/${f}`);
const CH_BINDS = CH_SHARED.map((f) => `root/${f}`);

/** The lab's base image unpacked once, ready for ch-run (its mount points and the files it binds over), cached. */
async function sharedChImage(): Promise<string> {
  const archive = (await labImage('base')).path;
  const dir = join(
    LAB_IMAGE_DIR,
    `${archive
      .split('/')
      .pop()!
      .replace(/\.tar$/, '')}.ch-unpacked`,
  );
  const script = [
    'set -e',
    'if [ ! -e "$1/.virtlab-unpacked" ]; then rm -rf "$1.part"; mkdir -p "$1.part"; tar -C "$1.part" -xf "$2" --exclude=./dev/*;',
    'mv "$1.part" "$1"; fi',
    'cd "$1"; shift 2; mkdir -p dev proc sys tmp home etc "$@"; touch etc/hosts etc/resolv.conf .virtlab-unpacked',
  ].join('\n');
  execFileSync('sh', ['-c', script, 'stage', dir, archive, ...CH_BINDS], { stdio: 'inherit' });
  return dir;
}

/** On each host, the provider's image folder of CH as a link to the shared image (the provider sees it unpacked). */
async function stageChImage(inv: LabInventory, image: string, on: boolean): Promise<void> {
  // (with the runner's folders the provider makes next to its image: they are bound into ch-run)
  const script = on ? 'cd "$HOME" && g=$1 && img=$2 && shift 2 && mkdir -p -- "$g" "$@" && ln -sfn "$img" "$g/image"' : 'rm -rf -- "$HOME/$1"';
  for (const h of inv.hosts) await inHost(h, ['sh', '-c', `HOME=/root; ${script}`, 'stage', CH_GUEST, image, ...(on ? CH_SHARED : [])]);
}

export async function run(): Promise<object> {
  const t0 = Date.now();
  const inv = await labUp({ hosts: HOSTS, config });
  try {
    const slurm = await slurmUp(config, inv);
    const upSec = (Date.now() - t0) / 1000;
    const image = await sharedChImage();
    await stageChImage(inv, image, true);
    const data = await labDataDir(HOSTS, config);
    const keep = process.env.VIRTLAB_FIG4_OUT;
    const out = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'virtlab-fig4-'));
    if (keep) mkdirSync(out, { recursive: true });
    try {
      return await campaign(inv, slurm, data, out, upSec, Boolean(keep));
    } finally {
      await stageChImage(inv, image, false);
      data.cleanup();
      if (!keep) rmSync(out, { recursive: true, force: true });
    }
  } finally {
    await labDown(config);
  }
}

async function campaign(
  inv: LabInventory,
  slurm: Awaited<ReturnType<typeof slurmUp>>,
  data: LabData,
  out: string,
  upSec: number,
  kept: boolean,
): Promise<object> {
  const last = String(HOSTS).padStart(2, '0');
  const backend = JSON.stringify({ login: `${inv.prefix}-h01`, partition: slurm.partition, timeLimitMin: 15, workDir: slurm.work, mpiYieldWhenIdle: true });
  const endpoints = `${inv.prefix}-h[01-${last}]`;
  const archive = (await labImage('base')).path;
  for (const args of [
    ['native-slurm', '--technology', 'native', '--product', 'lab hosts via Slurm'],
    [CH, '--provider', 'charliecloud', '--set', `imageArchive=${archive}`],
  ]) {
    const def = cli(data.dir, ['platforms', 'define', ...args, '--endpoints', endpoints, '--backend', 'slurm', '--backend-settings', backend]);
    if ((await def.exit) !== 0) throw new Error(def.stderr());
  }
  const file = join(out, 'fig4.yaml');
  writeFileSync(
    file,
    `
name: figure 4 through slurm
platforms: [native-slurm, ${CH}]
baseline: native-slurm
repetitions: 1
order: grouped
maxParallel: 1
runTimeoutSec: 900
failure: { retries: 0 }
benchmarks:
  - benchmark: npb
    params: { kernels: [${KERNELS.join(', ')}], classes: [S], variants: [mpi], mpiNodes: [${COUNTS.join(', ')}] }
`,
  );
  const plan = cli(data.dir, ['scenario', 'plan', file]);
  await plan.exit;
  console.log(
    plan
      .stdout()
      .split('\n')
      .filter((l) => /slurm:|left out|runs,/.test(l))
      .join('\n'),
  );
  const t1 = Date.now();
  const campaign = cli(data.dir, [
    'scenario',
    'run',
    file,
    '--known-hosts',
    inv.knownHostsPath,
    '--npb-source',
    npbTestTarball(),
    '--poll-ms',
    '500',
    '--quiet',
  ]);
  const code = await campaign.exit;
  const campaignSec = (Date.now() - t1) / 1000;
  console.log(campaign.stdout().slice(-4000));
  const db = openDatabase({ path: data.dbPath, readonly: true });
  let facts: ReturnType<typeof runFacts>;
  let runs: {
    platform: string;
    benchmark: string;
    nodes: number;
    state: string;
    jobId: string | null;
    nodeList: string | null;
    error: string | null;
    sec: number | null;
  }[];
  /** Runs whose facts say the platform asked Open MPI to yield, and whose recorded command carries it. */
  let yieldRuns: { inFacts: number; inCommand: number };
  try {
    const id = (db.prepare('SELECT id FROM campaigns ORDER BY id DESC').get() as { id: number }).id;
    facts = runFacts(db, id);
    runs = db
      .prepare(
        `SELECT p.name AS platform, json_extract(r.params_json, '$.kernel') AS benchmark, r.node_count AS nodes, r.state, r.job_id AS jobId,
        r.node_list AS nodeList, r.error, (r.ended_at - r.started_at) / 1000.0 AS sec FROM runs r JOIN platforms p ON p.id = r.platform_id
        WHERE r.campaign_id = ? ORDER BY r.id`,
      )
      .all(id) as typeof runs;
    yieldRuns = db
      .prepare(
        `SELECT SUM(json_extract(f.json, '$.platform.backend.settings.mpiYieldWhenIdle') = 1) AS inFacts,
             SUM(r.command LIKE '%OMPI_MCA_mpi_yield_when_idle=1%') AS inCommand
           FROM runs r LEFT JOIN facts_snapshots f ON f.id = r.facts_snapshot_id WHERE r.campaign_id = ?`,
      )
      .get(id) as typeof yieldRuns;
  } finally {
    db.close();
  }
  for (const r of runs)
    console.log(
      `${r.platform} ${r.benchmark} on ${r.nodes} node(s): ${r.state} job ${r.jobId ?? '-'} nodes ${r.nodeList ?? '-'} ${r.sec ?? '?'} s${r.error ? ` (${r.error.slice(0, 200)})` : ''}`,
    );
  const pdf = join(out, 'fig4.pdf');
  const rep = cli(data.dir, ['report', 'pdf', '1', '-o', pdf]);
  if ((await rep.exit) !== 0) throw new Error(`report: ${rep.stderr()}`);
  execFileSync('pdftoppm', ['-png', '-r', '70', pdf, join(out, 'page')]);
  const pages = readdirSync(out)
    .filter((f) => f.startsWith('page'))
    .map((f) => join(out, f));
  // A report page and a figure page at least: one page is the bridge's 'renderer is not built' answer printed.
  if (pages.length < 2) throw new Error(`the PDF has ${pages.length} page(s), not the report (is the renderer built? npm run build:renderer): ${pdf}`);
  console.log(kept ? `PDF ${pdf}; pages ${pages.join(' ')}` : `PDF and pages in ${out} (removed at the end; VIRTLAB_FIG4_OUT keeps them)`);
  return {
    hosts: HOSTS,
    counts: COUNTS,
    exit: code,
    ...facts,
    donePerPlatform: Object.fromEntries(
      [...new Set(runs.map((r) => r.platform))].map((p) => [p, runs.filter((r) => r.platform === p && r.state === 'done').length]),
    ),
    yieldRuns,
    // The kernel ARP table limits during the campaign (the lab raises them for many hosts: test/lab/neighbours.ts).
    arpLimits: readLimits(),
    upSec: Math.round(upSec),
    campaignSec: Math.round(campaignSec),
    ...(kept ? { pdf } : {}),
    pages: pages.length,
  };
}
