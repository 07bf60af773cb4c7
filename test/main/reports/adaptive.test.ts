// The report of a campaign with adaptive repetitions, on a real SQLite campaign walked to its end: every summary page
// says which points reached the target and which stopped at the cap (with their repetitions and interval), and the
// method table's "runs" counts measured runs only, the warm-ups in their own column.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRecord } from '../../../main/contract/hosts.ts';
import { definePlatform } from '../../../main/lab-model/platforms.ts';
import { openDatabase, type Database } from '../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../main/store/repos/index.ts';
import { createCampaignService } from '../../../main/campaigns/service.ts';
import { adaptiveRounds } from '../../../main/campaigns/adaptive/rounds.ts';
import { loadCampaignData } from '../../../main/reports/figures.ts';
import { buildReport } from '../../../main/reports/model.ts';
import type { ReportModel } from '../../../main/contract/results.ts';
import type { Run } from '../../../main/store/repos/runs.ts';
import { tempDir } from '../store/temp-db.ts';
import { scenarioFromText } from '../../support/scenario-text.ts';

const SCENARIO = (adaptive: boolean, stopOnDifference = false) => `
name: adaptive-report
platforms: [native, container]
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024, 4096], recordSize: 64, tests: [write] }
${adaptive ? `adaptive: { targetPct: 5, min: 3, max: 5, warmup: 1${stopOnDifference ? ', stopOnDifference: true' : ''} }` : 'repetitions: 3'}
`;

let tmp: ReturnType<typeof tempDir>;
let db: Database;
let repos: Repos;

function campaign(adaptive: boolean, stopOnDifference = false): number {
  for (const n of ['h1', 'h2']) repos.hosts.save(HostRecord.parse({ name: n, address: `10.0.0.${n.slice(1)}`, user: 'root', auth: { kind: 'agent' } }));
  for (const n of ['h1', 'h2'])
    repos.hosts.save(
      HostRecord.parse({ name: `${n}-g`, address: `10.0.1.${n.slice(1)}`, user: 'root', auth: { kind: 'agent' }, guestOf: n, technology: 'lxc' }),
    );
  definePlatform(repos, { name: 'native', technology: 'native', product: 'bare metal', isBaseline: true, endpoints: ['h1', 'h2'] });
  definePlatform(repos, { name: 'container', technology: 'os-level', product: 'LXC', isBaseline: false, endpoints: ['h1-g', 'h2-g'] });
  return createCampaignService(db, repos).createCampaign(scenarioFromText(SCENARIO(adaptive, stopOnDifference))).campaignId;
}

/** Narrow values at 1 MiB (reaches ±5% in 3 rounds), alternating wide ones at 4 MiB (never does: stops at the cap of 5). */
function valueOf(run: Run): number {
  const platform = repos.platforms.list().find((p) => p.id === run.platformId)!.name;
  const base = platform === 'native' ? 1000 : 900;
  return run.params['fileSize'] === 1024 ? base + (run.repetition % 3) : base * (run.repetition % 2 === 0 ? 0.6 : 1.4);
}

/** 4 MiB spread by 10% but the container at half the native rate: wider than ±5%, yet plainly different. */
function differentOf(run: Run): number {
  const platform = repos.platforms.list().find((p) => p.id === run.platformId)!.name;
  if (run.params['fileSize'] === 1024) return valueOf(run);
  return (platform === 'native' ? 1000 : 500) * (0.9 + 0.1 * (run.repetition % 3));
}

/** Runs every planned run to done as the executor stores it (a warm-up keeps no value), deciding rounds as it goes. */
function runToEnd(id: number, value: (run: Run) => number = valueOf): void {
  const rounds = adaptiveRounds(db, id);
  for (;;) {
    const planned = repos.runs.listByCampaign(id).filter((r) => r.state === 'planned');
    if (planned.length === 0) break;
    for (const run of planned) {
      repos.runs.transition(run.id, 'installing');
      repos.runs.transition(run.id, 'running', { remoteRunId: `vl-${run.id}` });
      repos.runs.transition(run.id, 'parsing');
      if (run.repetition >= 0)
        repos.metrics.insertMetrics([
          { runId: run.id, name: 'writer', point: String(run.params['fileSize']), value: value(run), unit: 'kB/s', better: 'higher' },
        ]);
      repos.runs.transition(run.id, 'done');
    }
    rounds?.reconcile();
  }
  db.prepare("UPDATE campaigns SET state = 'done' WHERE id = ?").run(id);
}

function report(id: number): ReportModel {
  return buildReport({
    db,
    campaignId: id,
    data: loadCampaignData(db, id, {}),
    mode: 'relative',
    source: { kind: 'database', path: 'v.db', readonly: false, campaigns: 1 },
  });
}

beforeEach(() => {
  tmp = tempDir('virtlab-report-adaptive-');
  db = openDatabase({ path: join(tmp.dir, 'v.db') });
  repos = createRepos(db);
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('report of an adaptive campaign', () => {
  it('says on the summary page which points reached the target and which stopped at the cap', () => {
    const id = campaign(true);
    runToEnd(id);
    const r = report(id);
    const summary = r.sections.filter((s) => s.id === 'summary');
    expect(summary).toHaveLength(1);
    const sentence = summary[0]!.paragraphs.find((p) => p.startsWith('Repetitions were adaptive'));
    expect(sentence).toMatch(
      /^Repetitions were adaptive \(each point repeated until the 95% interval of its ratio to the baseline was within ±5%, warm-ups discarded\): 1 of 2 point\(s\) reached the target: iozone: 1024 kB files \(3 repetitions, ±\d\.\d%\)\. 1 stopped at the cap before reaching it, so their intervals are wider than asked: iozone: 4096 kB files \(5 repetitions, ±\d+\.\d%\)\.$/,
    );
  });

  it('with stopOnDifference, says which points stopped once the difference was shown, and at what level', () => {
    const id = campaign(true, true);
    runToEnd(id, differentOf);
    const r = report(id);
    const sentence = r.sections.find((s) => s.id === 'summary')!.paragraphs.find((p) => p.startsWith('Repetitions were adaptive'));
    expect(sentence).toMatch(
      /^Repetitions were adaptive \(each point repeated until the 95% interval of its ratio to the baseline was within ±5% or until each platform was shown different from it \(at 96\.46% at 3 rounds to 98\.06% at 5, corrected for the repeated looks\), warm-ups discarded\): 1 of 2 point\(s\) reached the target: iozone: 1024 kB files \(3 repetitions, ±\d\.\d%\)\. 1 stopped once each platform was shown different from the baseline, so their sizes are known less precisely than asked: iozone: 4096 kB files \(3 repetitions, ±\d+\.\d%\)\.$/,
    );
    const method = r.sections.find((s) => s.id === 'method')!;
    expect(method.paragraphs.join(' ')).toMatch(
      /or until every platform was shown different from the baseline .* at 96\.46% at 3 rounds to 98\.06% at 5, a group-sequential boundary .* 1 point\(s\) reached the target, 1 stopped on a shown difference, 0 stopped at the cap/,
    );
    expect(method.tables.find((t) => t.id === 'method-adaptive')!.rows.map((row) => [row[1], row[4]])).toEqual([
      [3, 'target reached'],
      [3, 'difference shown'],
    ]);
  });

  it('says why a point whose baseline repeated one value stopped at the cap with no interval (zero variance)', () => {
    const id = campaign(true, true);
    // 4 MiB: native the same value every round (a benchmark's resolution), the container spread and 10% slower.
    runToEnd(id, (run) =>
      run.params['fileSize'] === 1024 ? valueOf(run) : run.platformId === repos.platforms.list()[0]!.id ? 1000 : 900 + (run.repetition % 3),
    );
    const r = report(id);
    const why = "no interval: native writer @ 4096: all 5 values 1000 (zero variance, below the benchmark's resolution, so not known yet)";
    const sentence = r.sections.find((s) => s.id === 'summary')!.paragraphs.find((p) => p.startsWith('Repetitions were adaptive'));
    expect(sentence).toContain(
      `1 stopped at the cap before reaching it, so their intervals are wider than asked: iozone: 4096 kB files (5 repetitions, interval not bounded, ${why}).`,
    );
    const method = r.sections.find((s) => s.id === 'method')!;
    expect(method.tables.find((t) => t.id === 'method-adaptive')!.rows.map((row) => [row[1], row[3], row[4]])).toEqual([
      [3, expect.any(Number), 'target reached'],
      [5, null, `cap reached; ${why}`],
    ]);
  });

  it('counts measured runs in the method table and the warm-ups apart', () => {
    const id = campaign(true);
    runToEnd(id);
    const table = report(id)
      .sections.find((s) => s.id === 'method')!
      .tables.find((t) => t.id === 'method-runs')!;
    const col = (name: string) => table.columns.indexOf(name);
    expect(col('warm-ups')).toBeGreaterThan(col('runs'));
    // Per platform: 1024 kB took 3 rounds, 4096 kB 5 (the cap), each after 1 warm-up.
    expect(table.rows.map((row) => [row[1], JSON.parse(String(row[4])).fileSize, row[col('runs')], row[col('warm-ups')], row[col('repetitions')]])).toEqual([
      ['native', 1024, 3, 1, 3],
      ['native', 4096, 5, 1, 5],
      ['container', 1024, 3, 1, 3],
      ['container', 4096, 5, 1, 5],
    ]);
  });

  it('says nothing of adaptive repetitions for a fixed count, and has no warm-ups column', () => {
    const id = campaign(false);
    runToEnd(id);
    const r = report(id);
    expect(r.sections.flatMap((s) => s.paragraphs).filter((p) => /repetitions were adaptive|adaptive repetitions/i.test(p))).toEqual([]);
    const table = r.sections.find((s) => s.id === 'method')!.tables.find((t) => t.id === 'method-runs')!;
    expect(table.columns).toEqual(['benchmark', 'platform', 'version', 'compiler', 'parameters', 'nodes', 'runs', 'repetitions']);
    expect(table.rows.map((row) => row[6])).toEqual([3, 3, 3, 3]);
  });
});
