// `npm run bench -- slurm-figure4`: the paper's Figure 4 through Slurm, unattended, on 64 lab hosts (instance 'yd',
// each a Slurm node): one campaign of NPB MPI class S over 1, 2, 4, ..., 64 nodes, one rank a node, every run one
// sbatch job (srun --mpi=pmix), then the report as PDF. Class S so 64 ranks fit this machine's 2 cores; the lab's NPB
// tree (test/fixtures/npb) has EP and IS only, so those are the kernels (CG, BT and SP need the real NPB source,
// --npb-source / VIRTLAB_NPB_SOURCE). Prints the campaign's outcome, its wall time and where the PDF and its page images
// are; the last line is one JSON object. VIRTLAB_FIG4_HOSTS runs it on fewer hosts (the counts up to that).
// The lab's 64 nodes share this machine's 2 cores, so the platform says so: Slurm setting mpiYieldWhenIdle (Open MPI's
// mpi_yield_when_idle for its ranks; busy-polling ranks kept EP on 64 nodes from finishing), recorded in every run's
// facts and in its srun line. The PDF and its page images go to VIRTLAB_FIG4_OUT when set (kept, printed); otherwise
// to a temporary folder removed at the end like the campaign's data folder. No retries: a run that times out is seen
// as failed in the output, not hidden behind (and doubled by) a second 15-minute attempt.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { labDown, labUp, slurmUp, type LabInventory } from '../test/lab/api.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { npbTestTarball } from '../test/support/npb-tarball.ts';
import { cli, labDataDir, runFacts, type LabData } from '../test/main/campaigns/support/lab-campaign.ts';
import { openDatabase } from '../main/store/open-database.ts';
import { readLimits } from '../test/lab/neighbours.ts';

const config = LAB_INSTANCES.slurmFigure4;
const HOSTS = Number(process.env.VIRTLAB_FIG4_HOSTS ?? '64');
const COUNTS = [1, 2, 4, 8, 16, 32, 64].filter((n) => n <= HOSTS);

export async function run(): Promise<object> {
  const t0 = Date.now();
  const inv = await labUp({ hosts: HOSTS, config });
  try {
    const slurm = await slurmUp(config, inv);
    const upSec = (Date.now() - t0) / 1000;
    const data = await labDataDir(HOSTS, config);
    const keep = process.env.VIRTLAB_FIG4_OUT;
    const out = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'virtlab-fig4-'));
    if (keep) mkdirSync(out, { recursive: true });
    try {
      return await campaign(inv, slurm, data, out, upSec, Boolean(keep));
    } finally {
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
  const def = cli(data.dir, [
    'platforms',
    'define',
    'native-slurm',
    '--technology',
    'native',
    '--product',
    'lab hosts via Slurm',
    '--endpoints',
    `${inv.prefix}-h[01-${last}]`,
    '--backend',
    'slurm',
    '--backend-settings',
    JSON.stringify({ login: `${inv.prefix}-h01`, partition: slurm.partition, timeLimitMin: 15, workDir: slurm.work, mpiYieldWhenIdle: true }),
  ]);
  if ((await def.exit) !== 0) throw new Error(def.stderr());
  const file = join(out, 'fig4.yaml');
  writeFileSync(
    file,
    `
name: figure 4 through slurm
platforms: [native-slurm]
baseline: native-slurm
repetitions: 1
order: grouped
maxParallel: 1
runTimeoutSec: 900
failure: { retries: 0 }
benchmarks:
  - benchmark: npb
    params: { kernels: [EP, IS], classes: [S], variants: [mpi], mpiNodes: [${COUNTS.join(', ')}] }
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
  let runs: { benchmark: string; nodes: number; state: string; jobId: string | null; nodeList: string | null; error: string | null; sec: number | null }[];
  /** Runs whose facts say the platform asked Open MPI to yield, and whose recorded command carries it. */
  let yieldRuns: { inFacts: number; inCommand: number };
  try {
    const id = (db.prepare('SELECT id FROM campaigns ORDER BY id DESC').get() as { id: number }).id;
    facts = runFacts(db, id);
    runs = db
      .prepare(
        `SELECT json_extract(params_json, '$.kernel') AS benchmark, node_count AS nodes, state, job_id AS jobId, node_list AS nodeList, error,
        (ended_at - started_at) / 1000.0 AS sec FROM runs WHERE campaign_id = ? ORDER BY id`,
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
      `${r.benchmark} on ${r.nodes} node(s): ${r.state} job ${r.jobId ?? '-'} nodes ${r.nodeList ?? '-'} ${r.sec ?? '?'} s${r.error ? ` (${r.error.slice(0, 200)})` : ''}`,
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
    yieldRuns,
    // The kernel ARP table limits during the campaign (the lab raises them for many hosts: test/lab/neighbours.ts).
    arpLimits: readLimits(),
    upSec: Math.round(upSec),
    campaignSec: Math.round(campaignSec),
    ...(kept ? { pdf } : {}),
    pages: pages.length,
  };
}
