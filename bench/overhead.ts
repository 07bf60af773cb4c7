// `npm run bench -- overhead`: what a campaign adds to each run. A campaign of short netperf TCP_RR runs (1 s each,
// native and container platforms, one run at a time) goes through the CLI with the real benchmark driver and the
// default settings; per run, overhead = (run stored as done) - (executor started the run) - (netperf's own elapsed
// time, its ELAPSED_TIME column in the stored raw output). Median and p95 against a 200 ms median target, the time
// of each phase (install, start to job exit and collection, parse and store), and the campaign's wall time against
// the sum of the benchmarks' own times. VIRTLAB_BENCH_RUNS (default 100) sets the number of runs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../main/store/open-database.ts';
import { createRepos } from '../main/store/repos/index.ts';
import { labDown, labUp } from '../test/lab/api.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { cli, labDataDir } from '../test/main/campaigns/support/lab-campaign.ts';

const RUNS = Number(process.env.VIRTLAB_BENCH_RUNS ?? '100');
const TARGET_MEDIAN_MS = 200;
const config = LAB_INSTANCES.overhead;

const scenario = (repetitions: number) => `
name: overhead
platforms: [native, container]
baseline: native
benchmarks:
  - benchmark: netperf
    params: { tests: [TCP_RR], messageSizes: [1], durationSec: 1 }
repetitions: ${repetitions}
order: randomized
maxParallel: 1
`;

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.ceil(i)]! - s[lo]!) * (i - lo);
}

/** netperf's own ELAPSED_TIME (seconds) from the job's stdout: the CSV column titled "Elapsed Time (sec)". */
function netperfElapsedMs(stdout: string): number {
  const lines = stdout.split('\n');
  const h = lines.findIndex((l) => l.includes('Elapsed Time (sec)'));
  if (h < 0 || !lines[h + 1]) throw new Error(`no netperf Elapsed Time column in:\n${stdout}`);
  const col = lines[h]!.split(',').indexOf('Elapsed Time (sec)');
  return Number(lines[h + 1]!.split(',')[col]) * 1000;
}

export async function run(): Promise<object> {
  await labUp({ hosts: 4, config });
  const data = await labDataDir(4, config);
  try {
    const file = join(data.dir, 'overhead.yaml');
    writeFileSync(file, scenario(Math.ceil(RUNS / 2)));
    const t0 = Date.now();
    const c = cli(data.dir, ['scenario', 'run', file, '--seed', '1', '--known-hosts', data.inv.knownHostsPath, '--quiet']);
    const code = await c.exit;
    const wallMs = Date.now() - t0;
    if (code !== 0) throw new Error(`campaign exited ${code}: ${c.stderr()}\n${c.stdout().slice(-2000)}`);

    const db = openDatabase({ path: data.dbPath, readonly: true });
    const perRun: { overhead: number; install: number; execute: number; store: number; own: number; total: number }[] = [];
    let campaignMs: number;
    try {
      const repos = createRepos(db);
      const campaign = repos.campaigns.get(1)!;
      campaignMs = (campaign.endedAt ?? Date.now()) - (campaign.startedAt ?? campaign.createdAt);
      for (const r of repos.runs.listByCampaign(1)) {
        if (r.state !== 'done') throw new Error(`run ${r.id} ended ${r.state}: ${r.error ?? ''}`);
        const at = new Map(repos.runs.transitions(r.id).map((t) => [t.toState, t.at]));
        const [installing, running, parsing, done] = (['installing', 'running', 'parsing', 'done'] as const).map((s) => at.get(s)!);
        const own = netperfElapsedMs(repos.rawLogs.getText(r.id, 'stdout') ?? '');
        const total = done! - installing!;
        perRun.push({ overhead: total - own, install: running! - installing!, execute: parsing! - running! - own, store: done! - parsing!, own, total });
      }
    } finally {
      db.close();
    }
    const med = (k: keyof (typeof perRun)[number]) =>
      Math.round(
        quantile(
          perRun.map((x) => x[k]),
          0.5,
        ),
      );
    const p95 = (k: keyof (typeof perRun)[number]) =>
      Math.round(
        quantile(
          perRun.map((x) => x[k]),
          0.95,
        ),
      );
    const ownSum = perRun.reduce((s, x) => s + x.own, 0);
    const medianMs = med('overhead');
    const verdict = medianMs < TARGET_MEDIAN_MS ? 'met' : 'missed';
    console.log(`\n${perRun.length} netperf TCP_RR runs of 1 s through the CLI (benchmark driver, default settings), one at a time`);
    console.log(`overhead per run: median ${medianMs} ms, p95 ${p95('overhead')} ms; target median under ${TARGET_MEDIAN_MS} ms: ${verdict}`);
    console.log(
      `  phases (median): install ${med('install')} ms, start + job + collect minus own time ${med('execute')} ms, parse + store ${med('store')} ms; own time ${med('own')} ms`,
    );
    console.log(
      `campaign wall time ${(wallMs / 1000).toFixed(1)} s (executor ${(campaignMs / 1000).toFixed(1)} s) against ${(ownSum / 1000).toFixed(1)} s of benchmarks' own time: ` +
        `${(wallMs / ownSum).toFixed(2)}x\n`,
    );
    return {
      runs: perRun.length,
      runSeconds: 1,
      overheadMs: {
        median: medianMs,
        p95: p95('overhead'),
        min: Math.round(Math.min(...perRun.map((x) => x.overhead))),
        max: Math.round(Math.max(...perRun.map((x) => x.overhead))),
      },
      phasesMedianMs: { install: med('install'), executeMinusOwn: med('execute'), parseAndStore: med('store'), own: med('own') },
      target: { medianUnderMs: TARGET_MEDIAN_MS, verdict },
      campaign: {
        wallSeconds: Number((wallMs / 1000).toFixed(1)),
        executorSeconds: Number((campaignMs / 1000).toFixed(1)),
        ownSeconds: Number((ownSum / 1000).toFixed(1)),
        wallOverOwn: Number((wallMs / ownSum).toFixed(3)),
      },
    };
  } finally {
    data.cleanup();
    if (process.env.VIRTLAB_LAB_KEEP !== '1') await labDown(config);
  }
}
