// Opens one authenticated, host-verified SSH connection, hopping through a ProxyJump chain if the endpoint has one.
import { Client } from 'ssh2';
import type { Readable } from 'node:stream';
import { planAuth } from './auth.ts';
import { endpointLabel, type SshEndpoint } from './endpoint.ts';
import { SshError } from './errors.ts';
import type { Ssh2HostVerifier } from './host-key-verifier.ts';
import type { HostKeyCheck, SecretReader } from './ports.ts';

export interface ConnectOptions {
  /** Required: there is no way to connect without deciding on the host key. */
  hostKeys: HostKeyCheck;
  secrets?: SecretReader;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /** ssh2's protocol trace, for diagnosing a handshake (carries no secrets). */
  debug?: (message: string) => void;
}

/** A live connection (the last hop of its route) plus the hops it rides on, closed together. */
export class SshConnection {
  private closedFlag = false;
  private readonly closeListeners = new Set<(err?: Error) => void>();

  constructor(
    readonly client: Client,
    readonly label: string,
    private readonly hops: Client[],
  ) {
    const onGone = (err?: Error) => {
      if (this.closedFlag) return;
      this.closedFlag = true;
      for (const l of this.closeListeners) l(err);
      for (const h of this.hops) h.end();
    };
    let lastError: Error | undefined;
    client.on('error', (e: Error) => {
      lastError = e;
    });
    client.on('close', () => onGone(lastError));
    for (const h of hops)
      h.on('close', () => {
        client.end();
        onGone(new SshError('closed', `jump host closed under ${label}`, label));
      });
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  onClose(listener: (err?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => {
      this.onClose(() => resolve());
      this.client.end();
      // A dead peer never answers the disconnect: drop the socket if it takes too long.
      setTimeout(() => {
        this.client.destroy();
        for (const h of this.hops) h.destroy();
      }, 2000).unref();
    });
  }
}

/** How far a connection attempt got: whether the TCP connection stood, and the handshake time limit. */
interface Attempt {
  tcpConnected: boolean;
  readyTimeoutMs: number;
}

function classify(err: Error & { level?: string }, target: string, tried: string[], verifier: Ssh2HostVerifier, attempt: Attempt): SshError {
  if (err instanceof SshError) return err;
  const refusal = verifier.decision && !verifier.decision.ok ? verifier.decision.error.message : undefined;
  if (refusal !== undefined || /Host denied/.test(err.message)) {
    return new SshError('host-key', refusal ?? `host key of ${target} refused`, target);
  }
  if (err.level === 'client-authentication') {
    return new SshError('auth', `authentication failed for ${target} (methods tried: ${tried.join(', ') || 'none'})`, target);
  }
  if (err.level === 'client-timeout' || /Timed out/.test(err.message)) {
    // A host that accepted the TCP connection is there; a loaded one can take longer than the limit to answer.
    if (attempt.tcpConnected) {
      return new SshError(
        'handshake-timeout',
        `${target} accepted the connection but did not finish the SSH handshake within ${attempt.readyTimeoutMs} ms (busy host?)`,
        target,
      );
    }
    return new SshError('timeout', `timed out connecting to ${target} (no TCP connection within ${attempt.readyTimeoutMs} ms)`, target);
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code) return new SshError('unreachable', `cannot reach ${target}: ${code}`, target);
  return new SshError('unreachable', `connection to ${target} failed: ${err.message}`, target);
}

async function connectHop(ep: SshEndpoint, opts: ConnectOptions, sock: Readable | undefined): Promise<Client> {
  const target = endpointLabel(ep);
  const plan = await planAuth(ep.auth, ep.user, opts.secrets, target);
  const verifier = opts.hostKeys.forSsh2(ep.address, ep.port);
  const client = new Client();
  // Through a jump host the stream is already connected; otherwise ssh2 says 'connect' once TCP is up.
  const attempt: Attempt = { tcpConnected: sock !== undefined, readyTimeoutMs: opts.readyTimeoutMs ?? 20_000 };
  client.once('connect', () => {
    attempt.tcpConnected = true;
  });
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const fail = (e: Error) => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(classify(e, target, plan.tried, verifier, attempt));
    };
    client.once('ready', () => {
      settled = true;
      client.removeListener('error', fail);
      client.on('error', () => {
        /* reported through 'close' by SshConnection */
      });
      resolve(client);
    });
    client.on('error', fail);
    client.once('close', () => fail(new SshError('unreachable', `connection to ${target} closed during handshake`, target)));
    client.connect({
      host: ep.address,
      port: ep.port,
      username: ep.user,
      ...(sock ? { sock } : {}),
      hostVerifier: verifier,
      authHandler: plan.handler,
      readyTimeout: attempt.readyTimeoutMs,
      keepaliveInterval: opts.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: opts.keepaliveCountMax ?? 3,
      ...(opts.debug ? { debug: opts.debug } : {}),
    });
  });
}

function forwardOut(via: Client, ep: SshEndpoint, viaLabel: string): Promise<Readable> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, ep.address, ep.port, (err, stream) => {
      if (err) reject(new SshError('unreachable', `jump host ${viaLabel} cannot reach ${endpointLabel(ep)}: ${err.message}`, endpointLabel(ep)));
      else resolve(stream);
    });
  });
}

/** Connects `endpoint`, through its jump hosts first if it has any. */
export async function connect(endpoint: SshEndpoint, opts: ConnectOptions): Promise<SshConnection> {
  if (!opts?.hostKeys) throw new SshError('config', `refusing to connect to ${endpointLabel(endpoint)} without a host key check`);
  const route = [...(endpoint.jump ?? []), endpoint];
  const hops: Client[] = [];
  try {
    let sock: Readable | undefined;
    for (let i = 0; i < route.length; i++) {
      const ep = route[i]!;
      if (i > 0) sock = await forwardOut(hops[i - 1]!, ep, endpointLabel(route[i - 1]!));
      hops.push(await connectHop(ep, opts, sock));
    }
  } catch (e) {
    for (const h of hops) h.end();
    throw e;
  }
  const last = hops.pop()!;
  return new SshConnection(last, route.map(endpointLabel).join(' -> '), hops);
}
