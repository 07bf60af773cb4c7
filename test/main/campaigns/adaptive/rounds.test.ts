// Rounds on a real SQLite campaign: a point whose interval is wide gets its next round (one run per platform, at
// the end of the queue), exactly once however often or by however many executors it is decided; a narrow point
// stops at the target, a noisy one at the cap; warm-ups count for nothing; the status says why each point stopped.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostRecord } from '../../../../main/contract/hosts.ts';
import { definePlatform } from '../../../../main/lab-model/platforms.ts';
import { openDatabase, type Database } from '../../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../../main/store/repos/index.ts';
import { createCampaignService } from '../../../../main/campaigns/service.ts';
import { adaptiveRounds } from '../../../../main/campaigns/adaptive/rounds.ts';
import type { Run } from '../../../../main/store/repos/runs.ts';
import { tempDir } from '../../store/temp-db.ts';
import { scenarioFromText } from '../../../support/scenario-text.ts';

const SCENARIO = (order = 'interleaved') => `
name: adaptive-rounds
platforms: [native, container]
benchmarks:
  - benchmark: iozone
    params: { fileSizes: [1024, 4096], recordSize: 64 }
adaptive: { targetPct: 5, min: 3, max: 5, warmup: 1 }
order: ${order}
seed: 11
`;

let tmp: ReturnType<typeof tempDir>;
let db: Database;
let repos: Repos;

function campaign(order?: string): number {
  for (const n of ['h1', 'h2']) repos.hosts.save(HostRecord.parse({ name: n, address: `10.0.0.${n.slice(1)}`, user: 'root', auth: { kind: 'agent' } }));
  for (const n of ['h1', 'h2'])
    repos.hosts.save(
      HostRecord.parse({ name: `${n}-g`, address: `10.0.1.${n.slice(1)}`, user: 'root', auth: { kind: 'agent' }, guestOf: n, technology: 'lxc' }),
    );
  definePlatform(repos, { name: 'native', technology: 'native', product: 'bare metal', isBaseline: true, endpoints: ['h1', 'h2'] });
  definePlatform(repos, { name: 'container', technology: 'os-level', product: 'LXC', isBaseline: false, endpoints: ['h1-g', 'h2-g'] });
  return createCampaignService(db, repos).createCampaign(scenarioFromText(SCENARIO(order))).campaignId;
}

/** Walks a run to done with one value (none stored for a warm-up, as the executor does). */
function finish(run: Run, value: number): void {
  repos.runs.transition(run.id, 'installing');
  repos.runs.transition(run.id, 'running', { remoteRunId: `vl-${run.id}` });
  repos.runs.transition(run.id, 'parsing');
  if (run.repetition >= 0)
    repos.metrics.insertMetrics([{ runId: run.id, name: 'write_kbps', point: String(run.params['fileSize']), value, unit: 'KiB/s', better: 'higher' }]);
  repos.runs.transition(run.id, 'done');
}

/** Narrow values for the 1 MiB point, alternating wide ones for the 4 MiB point. */
const valueOf = (run: Run) => {
  const platform = repos.platforms.list().find((p) => p.id === run.platformId)!.name;
  const base = platform === 'native' ? 1000 : 900;
  return run.params['fileSize'] === 1024 ? base + (run.repetition % 3) : base * (run.repetition % 2 === 0 ? 0.6 : 1.4);
};

const planned = (id: number) => repos.runs.listByCampaign(id).filter((r) => r.state === 'planned');

beforeEach(() => {
  tmp = tempDir('virtlab-adaptive-');
  db = openDatabase({ path: join(tmp.dir, 'v.db') });
  repos = createRepos(db);
});
afterEach(() => {
  db.close();
  tmp.cleanup();
});

describe('adaptive rounds', () => {
  it('queues the next round of a wide point once, and stops a narrow one at the target and a wide one at the cap', () => {
    const id = campaign();
    const rounds = adaptiveRounds(db, id)!;
    expect(planned(id)).toHaveLength(2 * 4 * 2);
    // Nothing to decide while runs are planned.
    expect(rounds.reconcile()).toEqual([]);
    for (const r of planned(id)) finish(r, valueOf(r));
    const lines = rounds.reconcile();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^iozone: 4096 kB files: repetition 4 queued \(interval \+-\d+\.\d%, target \+-5%\)$/);
    const next = planned(id);
    expect(next.map((r) => [r.repetition, r.params['fileSize']])).toEqual([
      [3, 4096],
      [3, 4096],
    ]);
    expect(next.map((r) => r.planIndex)).toEqual([16, 17]);
    // Decided again, and by a second executor (a resume), from the same rows: nothing more.
    expect(rounds.reconcile()).toEqual([]);
    expect(adaptiveRounds(db, id)!.reconcile()).toEqual([]);
    expect(planned(id)).toHaveLength(2);

    for (const r of planned(id)) finish(r, valueOf(r));
    expect(rounds.reconcile()).toHaveLength(1);
    for (const r of planned(id)) finish(r, valueOf(r));
    expect(rounds.reconcile()).toEqual([]);
    const status = rounds.status(false);
    expect(status.map((p) => [p.label, p.repetitions, p.warmups, p.state])).toEqual([
      ['iozone: 1024 kB files', 3, 1, 'target'],
      ['iozone: 4096 kB files', 5, 1, 'cap'],
    ]);
    expect(status[0]!.widthPct!).toBeLessThanOrEqual(5);
    expect(status[1]!.widthPct === null || status[1]!.widthPct > 5).toBe(true);
    // Warm-ups are done and stored no value.
    const warm = repos.runs.listByCampaign(id).filter((r) => r.repetition < 0);
    expect(warm.every((r) => r.state === 'done' && repos.metrics.listByRun(r.id).length === 0)).toBe(true);
  });

  it('stops a point whose run failed after its retries, and says the campaign ended for one left undecided', () => {
    const id = campaign();
    const rounds = adaptiveRounds(db, id)!;
    for (const r of planned(id)) {
      if (r.params['fileSize'] === 4096 && r.repetition === 2) {
        repos.runs.transition(r.id, 'installing');
        repos.runs.transition(r.id, 'failed', { error: 'exited with code 1' });
      } else if (!(r.params['fileSize'] === 1024 && r.repetition === 2)) finish(r, valueOf(r));
    }
    expect(rounds.reconcile()).toEqual([]);
    expect(rounds.status(true).map((p) => p.state)).toEqual(['ended', 'failed']);
  });

  it('orders each new round by the seed in a randomized campaign, the same way every time', () => {
    const id = campaign('randomized');
    for (const r of planned(id)) finish(r, valueOf(r));
    adaptiveRounds(db, id)!.reconcile();
    const order = planned(id).map((r) => r.platformId);
    expect(order).toHaveLength(2);
    expect(new Set(order).size).toBe(2);
  });

  it('is absent for a fixed repetition count', () => {
    const id = campaign();
    db.prepare("UPDATE scenarios SET json = json_remove(json, '$.adaptive')").run();
    expect(adaptiveRounds(db, id)).toBeNull();
  });
});
