// The durations the planner reads: finished measured runs, from the executor taking them up to their end, newest first.
import { afterEach, describe, expect, it } from 'vitest';
import { finishedRunDurations } from '../../../../main/store/queries/run-history.ts';
import { entryEstimates } from '../../../../main/store/queries/campaign-estimate.ts';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos } from '../../../../main/store/repos/index.ts';

let close = () => {};
afterEach(() => close());

function store() {
  const db = openDatabase({ path: ':memory:' });
  close = () => db.close();
  let t = 1_000_000;
  const clock = {
    set: (ms: number) => {
      t = ms;
    },
  };
  const repos = createRepos(db, () => t);
  const native = repos.platforms.create({ name: 'native', technology: 'native', product: 'n', isBaseline: true });
  const campaignId = repos.campaigns.create(repos.scenarios.save('s', { benchmarks: ['npb'] }).id, 'c');
  return { db, repos, clock, native, campaignId };
}

describe('run history query', () => {
  it('measures each finished run from installing (or running) to done, newest first, without warm-ups or failures', () => {
    const { db, repos, clock, native, campaignId } = store();
    const add = (i: number, rep: number, steps: [string, number][]) => {
      clock.set(0);
      const id = repos.runs.create({
        campaignId,
        planIndex: i,
        platformId: native,
        benchmark: 'npb-serial',
        params: { kernel: 'ep', class: 'S' },
        repetition: rep,
      });
      for (const [state, at] of steps) {
        clock.set(at);
        repos.runs.transition(id, state as 'running');
      }
      return id;
    };
    add(0, 0, [
      ['installing', 10_000],
      ['running', 40_000],
      ['parsing', 44_000],
      ['done', 45_000],
    ]); // 35 s with its build
    add(1, 1, [
      ['running', 50_000],
      ['parsing', 54_500],
      ['done', 55_000],
    ]); // 5 s
    add(2, -1, [
      ['running', 60_000],
      ['done', 61_000],
    ]); // warm-up
    add(3, 2, [
      ['running', 70_000],
      ['failed', 71_000],
    ]);
    add(4, 3, [['installing', 80_000]]); // still going
    expect(finishedRunDurations(db)).toEqual([
      { platform: 'native', benchmark: 'npb-serial', paramsJson: '{"kernel":"ep","class":"S"}', sec: 5 },
      { platform: 'native', benchmark: 'npb-serial', paramsJson: '{"kernel":"ep","class":"S"}', sec: 35 },
    ]);
    expect(finishedRunDurations(db, 1)).toHaveLength(1);

    // The latest attempt of every plan entry with its estimate and when it was taken up.
    db.prepare('UPDATE runs SET estimate_sec = 9 WHERE plan_index = 4').run();
    expect(entryEstimates(db, campaignId).at(-1)).toEqual({ state: 'installing', estimateSec: 9, startedAt: 80_000, endedAt: null });
    expect(entryEstimates(db, campaignId).map((e) => e.state)).toEqual(['done', 'done', 'done', 'failed', 'installing']);
  });
});
