// The pool's reconnects against a caller's time limit: a caller with a limit waits for one connection attempt and fails
// with its error, while one without rides out every reconnect (the relay counts the attempts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exec } from '../../../main/ssh/exec.ts';
import { SshError } from '../../../main/ssh/errors.ts';
import { SshPool } from '../../../main/ssh/pool.ts';
import { silentLink, type SilentLink } from './support/silent-link.ts';

let link: SilentLink;
let pool: SshPool;
beforeEach(async () => {
  link = await silentLink();
  pool = new SshPool({ ...link.poolOptions, reconnect: { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 4 } });
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

describe('reconnecting after a connection was lost', () => {
  it('a caller with a time limit waits for one attempt and gets its error', async () => {
    const host = pool.host(link.endpoint);
    await exec(host, ['true']);
    link.drop();
    await new Promise((r) => setTimeout(r, 50)); // the pool sees the close
    const before = link.connectionsSeen;
    const e = await failure(exec(host, ['true'], { timeoutMs: 60_000 }));
    expect(e).toBeInstanceOf(SshError);
    expect(e.kind).toBe('unreachable');
    expect(link.connectionsSeen - before).toBe(1);
  });

  it('a caller without a limit rides out every reconnect, and one that comes back is used', async () => {
    const host = pool.host(link.endpoint);
    await exec(host, ['true']);
    link.drop();
    await new Promise((r) => setTimeout(r, 50));
    const before = link.connectionsSeen;
    const e = await failure(exec(host, ['true']));
    expect(e.kind).toBe('unreachable');
    expect(link.connectionsSeen - before).toBe(4);
    link.restore();
    expect((await exec(host, ['echo', 'back'], { timeoutMs: 5000 })).stdout).toBe('back\n');
  });
});
