// Waits until an endpoint's sshd accepts a TCP connection from the root namespace: a link that was just set up can
// still have a FAILED neighbour entry from while it was down, and the next connect would get EHOSTUNREACH.
import { connect } from 'node:net';
import { run } from './exec.ts';
import { assertLabTarget } from './net.ts';

const tryConnect = (address: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: address, port });
    const done = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(2000, () => done(false));
  });

/** Forgets the root namespace's neighbour entry for the address, then waits for the port (up to `limitMs`). */
export async function waitReachable(address: string, port: number, bridge: string, limitMs = 60_000): Promise<void> {
  await assertLabTarget(address, bridge);
  await run('ip', ['neigh', 'flush', 'to', address]);
  const until = Date.now() + limitMs;
  while (!(await tryConnect(address, port))) {
    if (Date.now() > until) throw new Error(`${address}:${port} still unreachable ${limitMs / 1000} s after its link came up`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
