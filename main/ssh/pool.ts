// One lazily opened connection per route, shared by all commands to it, with a per-host channel limit,
// reconnect with exponential backoff after a drop, idle close and a clean shutdown.
import type { Client } from 'ssh2';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.ts';
import { connect, type ConnectOptions, type SshConnection } from './connection.ts';
import { routeKey, type SshEndpoint } from './endpoint.ts';
import { SshError } from './errors.ts';
import { Semaphore } from './semaphore.ts';

export interface PoolOptions extends ConnectOptions {
  /** Channels open at once per host; keep it under sshd's MaxSessions (default 10) to leave room for control channels. */
  maxChannelsPerHost?: number;
  /** Close a connection nobody used for this long. */
  idleCloseMs?: number;
  reconnect?: BackoffOptions;
}

export interface ChannelOptions {
  /** Skip the channel queue: for short control commands (cancel, kill) that must not wait behind the work they stop. */
  urgent?: boolean;
  signal?: AbortSignal;
  /** The caller has a time limit: it waits for at most one connection attempt (itself bounded by the ready timeout)
   * and fails with that attempt's error, instead of riding out every reconnect with backoff (a route that lost its
   * link costs each attempt its whole ready timeout). The reconnects go on for whoever asks next. */
  timeoutMs?: number;
}

/** What exec, sftp and friends need: a way to run something on a channel of one host's connection. */
export interface ChannelHost {
  readonly label: string;
  withClient<T>(fn: (client: Client) => Promise<T>, opts?: ChannelOptions): Promise<T>;
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

class PooledHost implements ChannelHost {
  readonly label: string;
  private conn: SshConnection | undefined;
  private connecting: Promise<SshConnection> | undefined;
  private everConnected = false;
  private users = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly slots: Semaphore;
  shutDown = false;

  constructor(
    readonly endpoint: SshEndpoint,
    private readonly opts: PoolOptions,
  ) {
    this.label = routeKey(endpoint);
    this.slots = new Semaphore(opts.maxChannelsPerHost ?? 8);
  }

  get connected(): boolean {
    return !!this.conn && !this.conn.closed;
  }

  async withClient<T>(fn: (client: Client) => Promise<T>, opts: ChannelOptions = {}): Promise<T> {
    if (this.shutDown) throw new SshError('closed', `connection pool is closed (${this.label})`, this.label);
    const release = opts.urgent ? () => {} : await this.slots.acquire(opts.signal);
    this.users++;
    clearTimeout(this.idleTimer);
    try {
      const conn = await raceAbort(opts.timeoutMs !== undefined ? this.connectionWithinOneAttempt() : this.connection(opts.signal), opts.signal);
      return await fn(conn.client);
    } finally {
      release();
      this.users--;
      this.armIdle();
    }
  }

  private armIdle(): void {
    if (this.users > 0 || !this.conn) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      void this.close();
    }, this.opts.idleCloseMs ?? 60_000);
    this.idleTimer.unref();
  }

  /** Listeners told of each failed connection attempt (callers with a time limit). */
  private readonly attemptFailed = new Set<(e: unknown) => void>();

  private connectionWithinOneAttempt(): Promise<SshConnection> {
    if (this.conn && !this.conn.closed) return Promise.resolve(this.conn);
    return new Promise((resolve, reject) => {
      const onFail = (e: unknown) => {
        this.attemptFailed.delete(onFail);
        reject(e);
      };
      this.attemptFailed.add(onFail);
      this.connection()
        .then(resolve, reject)
        .finally(() => this.attemptFailed.delete(onFail));
    });
  }

  private connection(signal?: AbortSignal): Promise<SshConnection> {
    if (this.conn && !this.conn.closed) return Promise.resolve(this.conn);
    this.connecting ??= this.open(signal).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(signal?: AbortSignal): Promise<SshConnection> {
    // A first connection fails fast; only a connection that worked before is worth retrying.
    const attempts = this.everConnected ? (this.opts.reconnect?.maxAttempts ?? 5) : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(backoffDelay(attempt - 1, this.opts.reconnect), signal);
      try {
        const conn = await connect(this.endpoint, this.opts);
        if (this.shutDown) {
          void conn.close();
          throw new SshError('closed', `connection pool is closed (${this.label})`, this.label);
        }
        this.conn = conn;
        this.everConnected = true;
        conn.onClose(() => {
          if (this.conn === conn) this.conn = undefined;
        });
        return conn;
      } catch (e) {
        lastError = e;
        for (const tell of [...this.attemptFailed]) tell(e);
        if (e instanceof SshError && e.permanent) break;
      }
    }
    throw lastError;
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const conn = this.conn;
    this.conn = undefined;
    await conn?.close();
  }
}

export class SshPool {
  private readonly hosts = new Map<string, PooledHost>();
  private closed = false;

  constructor(private readonly opts: PoolOptions) {
    if (!opts?.hostKeys) throw new SshError('config', 'an SSH pool needs a host key check');
  }

  /** The shared handle for an endpoint; the connection opens on first use. */
  host(endpoint: SshEndpoint): ChannelHost {
    if (this.closed) throw new SshError('closed', 'connection pool is closed');
    const key = routeKey(endpoint);
    let h = this.hosts.get(key);
    if (!h) {
      h = new PooledHost(endpoint, this.opts);
      this.hosts.set(key, h);
    }
    return h;
  }

  /** Number of routes with an open connection right now. */
  get openConnections(): number {
    let n = 0;
    for (const h of this.hosts.values()) if (h.connected) n++;
    return n;
  }

  async closeAll(): Promise<void> {
    this.closed = true;
    const all = [...this.hosts.values()];
    this.hosts.clear();
    for (const h of all) h.shutDown = true;
    await Promise.all(all.map((h) => h.close()));
  }
}
