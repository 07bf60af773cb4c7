// Runs an argv on a host: streamed output, exit code or signal, timeout, and cancellation that kills the
// whole remote process group (TERM, then KILL after a grace period) over a second channel. A time limit bounds the
// whole call once it holds a channel slot: the wait for a connection (one attempt), the channel's opening, the command,
// and the wait for the channel to close after a stop. A connection that went silent (a host that lost its link)
// answers none of those: the call fails with kind 'timeout' instead of waiting for TCP or keepalives to give up.
import { finished } from 'node:stream/promises';
import type { Client } from 'ssh2';
import { openExec, runControl, type ExecChannel } from './channel.ts';
import { SshError } from './errors.ts';
import { MarkerFilter, newMarker, wrapArgv } from './group-wrapper.ts';
import type { ChannelHost } from './pool.ts';
import { shellCommandWithEnv, toShellCommand } from './quote.ts';

export interface ExecOptions {
  /** Written to the command's stdin, which is then closed (stdin is always closed). */
  stdin?: string | Buffer;
  env?: Record<string, string>;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Time between TERM and KILL of the process group. */
  killGraceMs?: number;
  /** Cap on the output kept in the result (callbacks still see everything). */
  maxBufferBytes?: number;
}

/** After the last-resort close of a stopped command's channel: how long its 'close' may take before the connection
 * is taken for silent and the call ends without it. */
export const SILENT_CLOSE_MS = 2000;

export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
  cancelled: boolean;
  truncated: boolean;
  /** Remote process group of the command, when the wrapper reported it. */
  pgid?: number;
}

class Collector {
  private parts: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  add(b: Buffer): void {
    if (this.size >= this.max) {
      if (b.length) this.truncated = true;
      return;
    }
    const room = this.max - this.size;
    if (b.length > room) {
      this.truncated = true;
      b = b.subarray(0, room);
    }
    this.parts.push(b);
    this.size += b.length;
  }
  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

export async function exec(host: ChannelHost, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const marker = newMarker();
  const wrapped = wrapArgv(marker, argv);
  const command = opts.env ? shellCommandWithEnv(opts.env, wrapped) : toShellCommand(wrapped);
  if (opts.signal?.aborted) throw new SshError('cancelled', `cancelled before start on ${host.label}`, host.label);
  try {
    return await host.withClient((client) => runOnChannel(host, client, command, marker, opts), {
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
  } catch (e) {
    if (opts.signal?.aborted && !(e instanceof SshError)) throw new SshError('cancelled', `cancelled before start on ${host.label}`, host.label);
    throw e;
  }
}

/** The channel, or a 'timeout'/'cancelled' error when it is not open in time; a channel opened too late is closed. */
function openWithin(host: ChannelHost, client: Client, command: string, opts: ExecOptions, deadline: number | undefined): Promise<ExecChannel> {
  const opening = openExec(client, command, host.label);
  if (deadline === undefined && !opts.signal) return opening;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (f: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      f();
    };
    const giveUp = (e: SshError) =>
      finish(() => {
        reject(e);
        opening.then(
          (c) => c.channel.close(),
          () => {},
        );
      });
    const onAbort = () => giveUp(new SshError('cancelled', `cancelled before start on ${host.label}`, host.label));
    const timer =
      deadline === undefined
        ? undefined
        : setTimeout(
            () => giveUp(new SshError('timeout', `${host.label} did not open a session within ${opts.timeoutMs} ms (no answer on its connection)`, host.label)),
            Math.max(0, deadline - Date.now()),
          );
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    opening.then(
      (c) => finish(() => resolve(c)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

async function runOnChannel(host: ChannelHost, client: Client, command: string, marker: string, opts: ExecOptions): Promise<ExecResult> {
  const started = Date.now();
  const grace = opts.killGraceMs ?? 3000;
  const max = opts.maxBufferBytes ?? 16 * 1024 * 1024;
  const out = new Collector(max);
  const err = new Collector(max);
  // The limit counts from when this call got its connection (the pool's wait for one is bounded by one attempt).
  const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : undefined;
  const { channel: ch, exit, closed: channelClosed } = await openWithin(host, client, command, opts, deadline);

  return new Promise<ExecResult>((resolve, reject) => {
    let stopping: 'timeout' | 'cancel' | undefined;
    let closed = false;
    let silent = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    let killedWith: string | undefined;

    const killGroup = (signal: 'TERM' | 'KILL') => {
      const pgid = filter.pgid;
      if (closed || pgid === undefined || killedWith === signal) return;
      killedWith = signal;
      host
        .withClient((c) => runControl(c, `kill -s ${signal} -- -${pgid}`, host.label), { urgent: true })
        .catch(() => {
          /* the connection is gone; closing the channel below is all that is left */
        });
    };

    const filter = new MarkerFilter(marker, () => {
      if (stopping) killGroup('TERM');
    });

    const stop = (why: 'timeout' | 'cancel') => {
      if (stopping || closed) return;
      stopping = why;
      killGroup('TERM');
      timers.push(setTimeout(() => killGroup('KILL'), grace));
      // Last resort if the group never goes away or the pgid never came: drop the channel. A connection that does
      // not even answer that is silent (a lost link): end without it rather than wait for TCP to give up.
      timers.push(
        setTimeout(
          () => {
            if (!closed) ch.close();
          },
          grace * 2 + 1000,
        ),
      );
      timers.push(
        setTimeout(
          () => {
            if (!closed) {
              silent = true;
              closed = true;
              settle();
            }
          },
          grace * 2 + 1000 + SILENT_CLOSE_MS,
        ),
      );
    };

    const onAbort = () => stop('cancel');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (deadline !== undefined) timers.push(setTimeout(() => stop('timeout'), Math.max(0, deadline - Date.now())));

    ch.on('data', (d: Buffer) => {
      out.add(d);
      opts.onStdout?.(d);
    });
    ch.stderr.on('data', (d: Buffer) => {
      const passed = filter.push(d);
      if (passed.length) {
        err.add(passed);
        opts.onStderr?.(passed);
      }
    });
    // Close may come before the buffered output has been delivered to the listeners above: wait for both
    // streams to end too (bounded, in case a dropped connection never ends them).
    const drained = Promise.all([finished(ch, { writable: false }), finished(ch.stderr)]).catch(() => {});
    const settle = () => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      const rest = filter.flush();
      if (rest.length) {
        err.add(rest);
        opts.onStderr?.(rest);
      }
      if (!exit.seen && !stopping) {
        reject(new SshError('closed', `connection to ${host.label} lost while running a command`, host.label));
        return;
      }
      if (silent && stopping === 'timeout') {
        reject(
          new SshError('timeout', `${host.label} stopped answering: no reply within ${opts.timeoutMs} ms, nor to closing the command's channel`, host.label),
        );
        return;
      }
      resolve({
        code: exit.code,
        signal: exit.signal,
        stdout: out.text(),
        stderr: err.text(),
        durationMs: Date.now() - started,
        timedOut: stopping === 'timeout',
        cancelled: stopping === 'cancel',
        truncated: out.truncated || err.truncated,
        ...(filter.pgid !== undefined ? { pgid: filter.pgid } : {}),
      });
    };
    void channelClosed.then(async () => {
      if (settled) return;
      closed = true;
      await Promise.race([drained, new Promise((r) => setTimeout(r, 1000).unref())]);
      settle();
    });
    ch.end(opts.stdin ?? undefined);
    if (opts.signal?.aborted) stop('cancel');
  });
}
