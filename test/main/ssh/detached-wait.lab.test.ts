// Waiting for a detached run's end on the lab (what the campaign executor does instead of polling): the wait comes
// back once the run has ended, with the exit status recorded, on a host and in a nested guest (another pid
// namespace); the run's end file (what the wait follows, created at the start so tail can use inotify) holds its exit
// status once it ended; a run without one (started by an older VirtLab) is still seen to end; a run still going is
// still going when the wait gives up; a run that does not exist is no error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetachedRuns } from '../../../main/ssh/detached.ts';
import { exec } from '../../../main/ssh/exec.ts';
import type { SshPool } from '../../../main/ssh/pool.ts';
import { openLab, type Lab } from './support/lab.ts';

let lab: Lab;
let pool: SshPool;
beforeAll(async () => {
  lab = await openLab();
  pool = lab.pool();
});
afterAll(() => pool?.closeAll());

const runsOn = (which: 'host' | 'guest') => new DetachedRuns(pool.host(lab.rootEndpoint(which === 'host' ? lab.inv.hosts[0]! : lab.inv.guests[0]!)));
const id = (what: string) => `vl-wait-${what}-${process.pid}-${Date.now().toString(36)}`;

describe('DetachedRuns.waitEnd', () => {
  for (const which of ['host', 'guest'] as const) {
    it(`returns once a run on a ${which} has ended, its exit status written`, async () => {
      const runs = runsOn(which);
      const run = id(which);
      await runs.start(run, ['sh', '-c', 'sleep 0.5; echo done; exit 3']);
      try {
        // The wait says how the run stands when it returns (no second round trip), the same as a status read.
        expect(await runs.waitEnd(run, 60_000)).toMatchObject({ state: 'exited', code: 3 });
        expect(await runs.reattach(run)).toMatchObject({ state: 'exited', code: 3 });
        expect((await runs.collect(run)).stdout).toBe('done\n');
        const end = await exec(pool.host(lab.rootEndpoint(which === 'host' ? lab.inv.hosts[0]! : lab.inv.guests[0]!)), ['cat', `.virtlab/runs/${run}/end`]);
        expect(end.stdout).toBe('3\n');
      } finally {
        await runs.cleanup(run).catch(() => undefined);
      }
    });
  }

  it('sees the end of a run that has no end file (started by an older VirtLab): it follows exit_status', async () => {
    const runs = runsOn('host');
    const run = id('old');
    await runs.start(run, ['sh', '-c', 'sleep 1; exit 4']);
    try {
      const host = pool.host(lab.rootEndpoint(lab.inv.hosts[0]!));
      expect((await exec(host, ['rm', `.virtlab/runs/${run}/end`])).code).toBe(0);
      expect(await runs.waitEnd(run, 60_000)).toMatchObject({ state: 'exited', code: 4 });
    } finally {
      await runs.cleanup(run).catch(() => undefined);
    }
  });

  it('gives up after its time on a run that goes on, and leaves it running', async () => {
    const runs = runsOn('host');
    const run = id('long');
    await runs.start(run, ['sleep', '60']);
    try {
      expect(await runs.waitEnd(run, 300)).toMatchObject({ state: 'running' });
      expect(await runs.reattach(run)).toMatchObject({ state: 'running' });
    } finally {
      await runs.stop(run, 'TERM');
      await runs.waitEnd(run, 30_000);
      expect(await runs.reattach(run)).toMatchObject({ state: 'exited' });
      await runs.cleanup(run);
    }
  });

  it('does not fail for a run that does not exist', async () => {
    const runs = runsOn('host');
    expect(await runs.waitEnd(id('missing'), 60_000)).toEqual({ state: 'missing' });
    expect(await runs.reattach(id('missing'))).toEqual({ state: 'missing' });
  });
});
