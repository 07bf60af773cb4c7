// A busy host is not a dead one: a connection whose TCP side is accepted but whose SSH handshake never comes is a
// 'handshake-timeout'; a port nobody listens on is 'unreachable'. Both against loopback ports this test opens.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../../main/ssh/connection.ts';
import { SshError } from '../../../main/ssh/errors.ts';
import type { Ssh2HostVerifier } from '../../../main/ssh/host-key-verifier.ts';

// Never asked: the handshake never gets as far as a host key.
const hostKeys = {
  forSsh2: (): Ssh2HostVerifier =>
    Object.assign((_k: Buffer, verify: (ok: boolean) => void) => verify(false), {
      decision: undefined,
      settled: new Promise<never>(() => {}),
      explain: (e: Error) => e,
    }),
};

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

function listen(onConnection: (s: Socket) => void): Promise<number> {
  const server = createServer(onConnection);
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

async function failure(port: number): Promise<SshError> {
  const e = await connect(
    { address: '127.0.0.1', port, user: 'nobody', auth: [{ method: 'agent', socketPath: '/nonexistent' }] },
    { hostKeys, readyTimeoutMs: 300 },
  ).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SshError);
  return e as SshError;
}

describe('connect tells a slow handshake from no connection', () => {
  it('TCP accepted, no SSH banner ever: handshake-timeout, not down', async () => {
    const port = await listen((s) => {
      sockets.push(s);
    }); // accepts and says nothing, like a host too loaded to answer
    const e = await failure(port);
    expect(e.kind).toBe('handshake-timeout');
    expect(e.message).toMatch(/accepted the connection but did not finish the SSH handshake within 300 ms/);
    expect(e.permanent).toBe(false);
  });

  it('nobody listening: unreachable (connection refused)', async () => {
    const port = await listen(() => {});
    await new Promise((r) => servers.pop()!.close(r));
    const e = await failure(port);
    expect(e.kind).toBe('unreachable');
    expect(e.message).toContain('ECONNREFUSED');
  });
});
