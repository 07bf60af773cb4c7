// Runs an argv on a host: streamed output, exit code or signal, timeout, and cancellation that kills the
// whole remote process group (TERM, then KILL after a grace period) over a second channel.
import { finished } from 'node:stream/promises';
import type { Client } from 'ssh2';
import { openExec, runControl } from './channel.ts';
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
    if (this.size >= this.max) { if (b.length) this.truncated = true; return; }
    const room = this.max - this.size;
    if (b.length > room) { this.truncated = true; b = b.subarray(0, room); }
    this.parts.push(b);
    this.size += b.length;
  }
  text(): string { return Buffer.concat(this.parts).toString('utf8'); }
}

export async function exec(host: ChannelHost, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const marker = newMarker();
  const wrapped = wrapArgv(marker, argv);
  const command = opts.env ? shellCommandWithEnv(opts.env, wrapped) : toShellCommand(wrapped);
  if (opts.signal?.aborted) throw new SshError('cancelled', `cancelled before start on ${host.label}`, host.label);
  try {
    return await host.withClient((client) => runOnChannel(host, client, command, marker, opts), { signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted && !(e instanceof SshError)) throw new SshError('cancelled', `cancelled before start on ${host.label}`, host.label);
    throw e;
  }
}

async function runOnChannel(host: ChannelHost, client: Client, command: string, marker: string, opts: ExecOptions): Promise<ExecResult> {
  const started = Date.now();
  const grace = opts.killGraceMs ?? 3000;
  const max = opts.maxBufferBytes ?? 16 * 1024 * 1024;
  const out = new Collector(max);
  const err = new Collector(max);
  const { channel: ch, exit, closed: channelClosed } = await openExec(client, command, host.label);

  return new Promise<ExecResult>((resolve, reject) => {
    let stopping: 'timeout' | 'cancel' | undefined;
    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    let killedWith: string | undefined;

    const killGroup = (signal: 'TERM' | 'KILL') => {
      const pgid = filter.pgid;
      if (closed || pgid === undefined || killedWith === signal) return;
      killedWith = signal;
      host.withClient((c) => runControl(c, `kill -s ${signal} -- -${pgid}`, host.label), { urgent: true })
        .catch(() => { /* the connection is gone; closing the channel below is all that is left */ });
    };

    const filter = new MarkerFilter(marker, () => { if (stopping) killGroup('TERM'); });

    const stop = (why: 'timeout' | 'cancel') => {
      if (stopping || closed) return;
      stopping = why;
      killGroup('TERM');
      timers.push(setTimeout(() => killGroup('KILL'), grace));
      // Last resort if the group never goes away or the pgid never came: drop the channel.
      timers.push(setTimeout(() => { if (!closed) ch.close(); }, grace * 2 + 1000));
    };

    const onAbort = () => stop('cancel');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.timeoutMs !== undefined) timers.push(setTimeout(() => stop('timeout'), opts.timeoutMs));

    ch.on('data', (d: Buffer) => { out.add(d); opts.onStdout?.(d); });
    ch.stderr.on('data', (d: Buffer) => {
      const passed = filter.push(d);
      if (passed.length) { err.add(passed); opts.onStderr?.(passed); }
    });
    // Close may come before the buffered output has been delivered to the listeners above: wait for both
    // streams to end too (bounded, in case a dropped connection never ends them).
    const drained = Promise.all([finished(ch, { writable: false }), finished(ch.stderr)]).catch(() => {});
    const settle = () => {
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener('abort', onAbort);
      const rest = filter.flush();
      if (rest.length) { err.add(rest); opts.onStderr?.(rest); }
      if (!exit.seen && !stopping) {
        reject(new SshError('closed', `connection to ${host.label} lost while running a command`, host.label));
        return;
      }
      resolve({
        code: exit.code, signal: exit.signal,
        stdout: out.text(), stderr: err.text(),
        durationMs: Date.now() - started,
        timedOut: stopping === 'timeout', cancelled: stopping === 'cancel',
        truncated: out.truncated || err.truncated,
        ...(filter.pgid !== undefined ? { pgid: filter.pgid } : {}),
      });
    };
    void channelClosed.then(async () => {
      closed = true;
      await Promise.race([drained, new Promise((r) => setTimeout(r, 1000).unref())]);
      settle();
    });
    ch.end(opts.stdin ?? undefined);
    if (opts.signal?.aborted) stop('cancel');
  });
}
