// exec's time limit over a connection that goes silent (a host whose link went down): the call ends within its limit
// with kind 'timeout', whether the silence comes before the channel opens or while the command runs; keepalives are
// set far beyond the tests here, so nothing but the limit can end them (before the fix both waited for keepalives).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exec } from '../../../main/ssh/exec.ts';
import { SshError } from '../../../main/ssh/errors.ts';
import { SshPool } from '../../../main/ssh/pool.ts';
import { silentLink, type SilentLink } from './support/silent-link.ts';

let link: SilentLink;
let pool: SshPool;
beforeEach(async () => {
  link = await silentLink();
  pool = new SshPool(link.poolOptions);
});
afterEach(async () => {
  await pool.closeAll();
  await link.close();
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as SshError,
  );

describe('exec over a connection that goes silent', () => {
  it('runs a command on the live link (the relay and server work)', async () => {
    const r = await exec(pool.host(link.endpoint), ['sh', '-c', 'echo hi; exit 3'], { timeoutMs: 5000 });
    expect([r.code, r.stdout, r.timedOut]).toEqual([3, 'hi\n', false]);
  });

  it('silent before the channel opens: fails with kind timeout within its limit, the session never opened', async () => {
    const host = pool.host(link.endpoint);
    await exec(host, ['true']); // the connection is up and pooled
    link.cut();
    const e = await failure(exec(host, ['true'], { timeoutMs: 300 }));
    expect(e).toBeInstanceOf(SshError);
    expect(e.kind).toBe('timeout');
    expect(e.message).toBe('tester@127.0.0.1:' + link.endpoint.port + ' did not open a session within 300 ms (no answer on its connection)');
  }, 20_000);

  it('silent while the command runs: fails with kind timeout after its limit, the stop and a bounded wait for the close', async () => {
    const host = pool.host(link.endpoint);
    const e = await failure(exec(host, ['sh', '-c', 'echo started; sleep 5'], { timeoutMs: 400, killGraceMs: 50, onStdout: () => link.cut() }));
    expect(e).toBeInstanceOf(SshError);
    expect(e.kind).toBe('timeout');
    expect(e.message).toMatch(/stopped answering: no reply within 400 ms, nor to closing the command's channel$/);
  }, 20_000);

  it('a limit reached on a live link still ends with the command stopped and timedOut, not an error', async () => {
    const r = await exec(pool.host(link.endpoint), ['sleep', '5'], { timeoutMs: 300, killGraceMs: 100 });
    expect(r.timedOut).toBe(true);
    expect(r.signal ?? r.code).toBeTruthy();
  });

  it('a cancel on a silent link ends the call as cancelled', async () => {
    const host = pool.host(link.endpoint);
    const abort = new AbortController();
    const r = await exec(host, ['sh', '-c', 'echo started; sleep 5'], {
      signal: abort.signal,
      killGraceMs: 50,
      onStdout: () => {
        link.cut();
        abort.abort();
      },
    });
    expect([r.cancelled, r.timedOut]).toEqual([true, false]);
  }, 20_000);
});
