// An SSH server in this test process (ssh2's Server, running each command with the local `sh -c`, as sshd would) behind
// a TCP relay on loopback whose link can be cut silently: both directions drop every byte and no connection closes,
// as when a host's network port goes down. New connections while it is cut are reset (the route is gone).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { connect as tcpConnect, createServer, type Server, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { Ssh2HostVerifier } from '../../../../main/ssh/host-key-verifier.ts';
import type { SshEndpoint } from '../../../../main/ssh/endpoint.ts';
import { createMemorySecretStore } from '../../../../main/secrets/memory-store.ts';
import { generateKey, tempDir } from '../known-hosts/real-keys.ts';
import type { PoolOptions } from '../../../../main/ssh/pool.ts';

export interface SilentLink {
  endpoint: SshEndpoint;
  /** Pool options that reach it (host key accepted: the key is this process's own; a password from memory). */
  poolOptions: PoolOptions;
  /** Drops every byte from now on, both ways, on every connection; new connections are reset. */
  cut(): void;
  restore(): void;
  /** The connections break (closed under the client) and the route stays gone: new connections are reset. */
  drop(): void;
  /** TCP connections the relay has accepted so far. */
  readonly connectionsSeen: number;
  /** Every command a channel asked to run, in order (one per exec round trip). */
  readonly commands: readonly string[];
  close(): Promise<void>;
}

const acceptAnyKey = {
  forSsh2: (): Ssh2HostVerifier =>
    Object.assign((_k: Buffer, verify: (ok: boolean) => void) => verify(true), {
      decision: undefined,
      settled: new Promise<never>(() => {}),
      explain: (e: Error) => e,
    }),
};

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

/** `env`: the commands' environment (e.g. a HOME of the test's own), this process's by default. */
// The host key comes from ssh-keygen: ssh2's own generator writes about 1 ed25519 key in 200 malformed (a public key
// whose first byte is 0 loses it), which its parser then refuses, and the test fails on noise.
function hostKey(): Buffer {
  const dir = tempDir('virtlab-silent-');
  try {
    return readFileSync(generateKey(dir, 'host', 'ed25519').path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function silentLink(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<SilentLink> {
  const children = new Set<ChildProcess>();
  const commands: string[] = [];
  const sshd = new ssh2.Server({ hostKeys: [hostKey()] }, (client) => {
    client.on('error', () => {});
    client.on('authentication', (ctx) => ctx.accept());
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('exec', (accept, _reject, info) => {
          const stream = accept();
          commands.push(info.command);
          const child = spawn('sh', ['-c', info.command], { stdio: 'pipe', ...(opts.env ? { env: opts.env } : {}) });
          children.add(child);
          child.stdout.pipe(stream, { end: false });
          child.stderr.pipe(stream.stderr, { end: false });
          stream.on('data', (d: Buffer) => child.stdin.write(d));
          stream.on('end', () => child.stdin.end());
          stream.on('error', () => {});
          child.on('close', (code) => {
            children.delete(child);
            try {
              stream.exit(code ?? 255);
              stream.end();
            } catch {
              /* the client is gone */
            }
          });
        });
      });
    });
  });
  const sshdPort = await listen(sshd as unknown as Server);

  let cut = false;
  let seen = 0;
  const sockets = new Set<Socket>();
  const relay = createServer((down) => {
    seen++;
    if (cut) {
      down.resetAndDestroy();
      return;
    }
    const up = tcpConnect(sshdPort, '127.0.0.1');
    for (const s of [down, up]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    down.on('data', (d: Buffer) => {
      if (!cut) up.write(d);
    });
    up.on('data', (d: Buffer) => {
      if (!cut) down.write(d);
    });
    down.on('close', () => up.destroy());
    up.on('close', () => down.destroy());
  });
  const port = await listen(relay);

  return {
    endpoint: { address: '127.0.0.1', port, user: 'tester', auth: [{ method: 'password', passwordRef: 'pw' }] },
    poolOptions: { hostKeys: acceptAnyKey, secrets: createMemorySecretStore({ pw: 'not-checked' }), readyTimeoutMs: 2000, keepaliveIntervalMs: 60_000 },
    cut: () => {
      cut = true;
    },
    restore: () => {
      cut = false;
    },
    drop: () => {
      cut = true;
      for (const s of sockets) s.destroy();
    },
    get connectionsSeen() {
      return seen;
    },
    commands,
    async close() {
      for (const c of children) c.kill('SIGKILL');
      for (const s of sockets) s.destroy();
      await Promise.all([new Promise((r) => relay.close(r)), new Promise((r) => sshd.close(() => r(undefined)))]);
    },
  };
}
