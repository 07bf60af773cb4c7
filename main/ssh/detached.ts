// Detached runs: a long command started in its own session with stdout, stderr, pid and exit status in
// ~/.virtlab/runs/<runId>/, so a dropped connection or a restarted workstation does not kill it.
// Reattach, follow from byte offsets, collect and clean up later, over any connection.
import { SshError } from './errors.ts';
import { exec, type ExecOptions } from './exec.ts';
import {
  CLEANUP_SCRIPT,
  COLLECT_SCRIPT,
  FOLLOW_SCRIPT,
  OUTPUT_MARK,
  START_SCRIPT,
  START_WAIT_SCRIPT,
  STARTED_MARK,
  STATUS_SCRIPT,
  STOP_SCRIPT,
  WAIT_SCRIPT,
} from './detached-scripts.ts';
import { parseKeyValues } from './key-values.ts';
import type { ChannelHost } from './pool.ts';

export type RunStatus =
  | { state: 'running'; pid: number; stdoutBytes: number; stderrBytes: number }
  | { state: 'exited'; code: number; pid: number; stdoutBytes: number; stderrBytes: number }
  | { state: 'lost'; pid?: number; stdoutBytes: number; stderrBytes: number }
  | { state: 'missing' };

export interface Offsets {
  stdout: number;
  stderr: number;
}

export interface FollowOptions {
  /** Each chunk comes with the file offset just after it: resume a broken follow from there. */
  onStdout?: (chunk: Buffer, offsetAfter: number) => void;
  onStderr?: (chunk: Buffer, offsetAfter: number) => void;
  signal?: AbortSignal;
}

export interface Collected {
  status: RunStatus;
  stdout: string;
  stderr: string;
}

/** How a run stands after a wait; its output too when it had exited and the output was small enough to come along. */
export interface Waited {
  status: RunStatus;
  output?: { stdout: string; stderr: string };
}

/** A run started with startThenWait: `started` once it runs (its pid), `ended` once the same channel's wait is over
 * (undefined when the host could not wait on it: no setsid). */
export interface StartedWaiting {
  started: Promise<{ pid: number }>;
  ended: Promise<Waited | undefined>;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function checkRunId(runId: string): void {
  if (!RUN_ID.test(runId)) throw new SshError('config', `invalid run id ${JSON.stringify(runId)}: letters, digits, . _ - (up to 128)`);
}

function script(body: string, args: string[]): string[] {
  return ['sh', '-c', body, 'virtlab-detached', ...args];
}

function failed(what: string, host: ChannelHost, r: { code: number | null; signal: string | null; stderr: string }): SshError {
  const why = r.stderr.trim() || (r.signal ? `signal ${r.signal}` : `exit code ${r.code}`);
  return new SshError('remote', `${what} on ${host.label} failed: ${why}`, host.label);
}

export class DetachedRuns {
  constructor(
    private readonly host: ChannelHost,
    private readonly execOptions: Pick<ExecOptions, 'timeoutMs'> = { timeoutMs: 30_000 },
  ) {}

  /** Starts `argv` detached; fails if a run with this id already exists on the host. */
  async start(runId: string, argv: readonly string[], opts: { cwd?: string } = {}): Promise<{ pid: number }> {
    checkRunId(runId);
    if (argv.length === 0) throw new SshError('config', 'a detached run needs a command');
    const r = await exec(this.host, script(START_SCRIPT, [runId, JSON.stringify(argv), opts.cwd ?? '', ...argv]), this.execOptions);
    const pid = Number(parseKeyValues(r.stdout).get('pid'));
    if (r.code !== 0 || !Number.isInteger(pid)) throw failed(`starting run ${runId}`, this.host, r);
    return { pid };
  }

  /**
   * Starts `argv` detached and waits for its end on the same channel (at most `waitMs`), its output coming with the
   * end when stdout and stderr are at most `outputUpTo` bytes: for a short run, one round trip instead of a start, a
   * wait and a read of the output. `ended` never rejects unhandled: whoever does not await it loses nothing.
   */
  startThenWait(runId: string, argv: readonly string[], opts: { cwd?: string; waitMs: number; outputUpTo: number }): StartedWaiting {
    checkRunId(runId);
    if (argv.length === 0) throw new SshError('config', 'a detached run needs a command');
    const tenths = Math.max(1, Math.ceil(opts.waitMs / 100));
    const mark = `\n${STARTED_MARK}\n`;
    let head = '';
    let onStarted!: (v: { pid: number }) => void;
    let onStartFailed!: (e: unknown) => void;
    let startSeen = false;
    const started = new Promise<{ pid: number }>((resolve, reject) => {
      onStarted = resolve;
      onStartFailed = reject;
    });
    const seeStart = (text: string): boolean => {
      const at = text.indexOf(mark);
      if (at < 0) return false;
      const pid = Number(parseKeyValues(text.slice(0, at)).get('pid'));
      if (!Number.isInteger(pid)) return false;
      startSeen = true;
      onStarted({ pid });
      return true;
    };
    const args = [START_SCRIPT, (tenths / 10).toFixed(1), String(tenths), String(opts.outputUpTo), runId, JSON.stringify(argv), opts.cwd ?? '', ...argv];
    const ended = exec(this.host, script(START_WAIT_SCRIPT, args), {
      timeoutMs: tenths * 100 + (this.execOptions.timeoutMs ?? 30_000),
      maxBufferBytes: opts.outputUpTo + 64 * 1024,
      onStdout: (c) => {
        if (startSeen || head.length > 4096) return;
        head += c.toString('utf8');
        seeStart(head);
      },
    }).then(
      (r) => {
        if (!startSeen && !seeStart(r.stdout)) throw failed(`starting run ${runId}`, this.host, r);
        if (r.code !== 0) throw failed(`waiting for run ${runId}`, this.host, r);
        const rest = r.stdout.slice(r.stdout.indexOf(mark) + mark.length);
        return rest.trim() ? waitedOf(rest, r.stderr) : undefined;
      },
      (e: unknown) => {
        if (!startSeen) onStartFailed(e);
        throw e;
      },
    );
    ended.catch((e: unknown) => {
      if (!startSeen) onStartFailed(e);
    });
    return { started, ended };
  }

  /** Where the run stands now: running, exited with its code, lost (died without a status) or missing. */
  async reattach(runId: string): Promise<RunStatus> {
    checkRunId(runId);
    const r = await exec(this.host, script(STATUS_SCRIPT, [runId]), this.execOptions);
    if (r.code !== 0) throw failed(`reading run ${runId}`, this.host, r);
    return parseStatus(r.stdout);
  }

  /** Streams output from `from` until the run ends; returns the final state and offsets. */
  async follow(runId: string, from: Offsets = { stdout: 0, stderr: 0 }, opts: FollowOptions = {}): Promise<{ state: 'exited' | 'lost'; offsets: Offsets }> {
    checkRunId(runId);
    const offsets = { ...from };
    const r = await exec(this.host, script(FOLLOW_SCRIPT, [runId, String(from.stdout), String(from.stderr)]), {
      ...(opts.signal ? { signal: opts.signal } : {}),
      maxBufferBytes: 0, // output goes to the callbacks only
      onStdout: (c) => {
        offsets.stdout += c.length;
        opts.onStdout?.(c, offsets.stdout);
      },
      onStderr: (c) => {
        offsets.stderr += c.length;
        opts.onStderr?.(c, offsets.stderr);
      },
    });
    if (r.cancelled) throw new SshError('cancelled', `following run ${runId} on ${this.host.label} was cancelled`, this.host.label);
    if (r.code === 0) return { state: 'exited', offsets };
    if (r.code === 4) return { state: 'lost', offsets };
    if (r.code === 3) throw new SshError('remote', `no run ${runId} on ${this.host.label}`, this.host.label);
    throw failed(`following run ${runId}`, this.host, r);
  }

  /** Returns once the run has ended or about `maxMs` has passed, with how it stands then (undefined if cancelled). */
  async waitEnd(runId: string, maxMs: number, signal?: AbortSignal): Promise<RunStatus | undefined> {
    return (await this.waitEndWithOutput(runId, maxMs, 0, signal))?.status;
  }

  /** waitEnd, with the run's output when it has exited and stdout and stderr are at most `outputUpTo` bytes. */
  async waitEndWithOutput(runId: string, maxMs: number, outputUpTo: number, signal?: AbortSignal): Promise<Waited | undefined> {
    checkRunId(runId);
    const tenths = Math.max(1, Math.ceil(maxMs / 100));
    const r = await exec(this.host, script(WAIT_SCRIPT, [runId, (tenths / 10).toFixed(1), String(tenths), String(outputUpTo)]), {
      timeoutMs: tenths * 100 + (this.execOptions.timeoutMs ?? 30_000),
      maxBufferBytes: outputUpTo + 64 * 1024,
      ...(signal ? { signal } : {}),
    });
    if (r.cancelled) return undefined;
    if (r.code !== 0) throw failed(`waiting for run ${runId}`, this.host, r);
    return waitedOf(r.stdout, r.stderr);
  }

  /** Full output so far and the status (final once the status is `exited`), read in one round trip. */
  async collect(runId: string): Promise<Collected> {
    checkRunId(runId);
    // No time limit: a big output over a slow link takes what it takes (as a plain cat did).
    const r = await exec(this.host, script(COLLECT_SCRIPT, [runId]), { maxBufferBytes: 256 * 1024 * 1024 });
    if (r.code !== 0) throw failed(`reading output of run ${runId}`, this.host, r);
    // The status lines are the script's own (key=value); the first mark line ends them.
    const at = r.stdout.indexOf(`\n${OUTPUT_MARK}\n`);
    const status = parseStatus(at < 0 ? r.stdout : r.stdout.slice(0, at));
    if (status.state === 'missing' || at < 0) throw new SshError('remote', `no run ${runId} on ${this.host.label}`, this.host.label);
    return { status, stdout: r.stdout.slice(at + OUTPUT_MARK.length + 2), stderr: r.stderr };
  }

  /** Signals the run's whole process group (TERM by default); the runner still records the exit status. */
  async stop(runId: string, signal: 'TERM' | 'KILL' | 'INT' = 'TERM'): Promise<void> {
    checkRunId(runId);
    const r = await exec(this.host, script(STOP_SCRIPT, [runId, signal]), this.execOptions);
    if (r.code !== 0) throw failed(`stopping run ${runId}`, this.host, r);
  }

  /** Deletes the run folder; refuses while the run is still going. */
  async cleanup(runId: string): Promise<void> {
    checkRunId(runId);
    const r = await exec(this.host, script(CLEANUP_SCRIPT, [runId]), this.execOptions);
    if (r.code !== 0) throw failed(`cleaning up run ${runId}`, this.host, r);
  }
}

/** A wait's output: the status lines, then, when the output came along, OUTPUT_MARK and the run's stdout. */
function waitedOf(stdout: string, stderr: string): Waited {
  const at = stdout.indexOf(`\n${OUTPUT_MARK}\n`);
  const status = parseStatus(at < 0 ? stdout : stdout.slice(0, at));
  // The output counts only with a final status: read before the exit status was written, it could still grow.
  if (at < 0 || status.state !== 'exited') return { status };
  return { status, output: { stdout: stdout.slice(at + OUTPUT_MARK.length + 2), stderr } };
}

/** Parses STATUS_SCRIPT output. */
export function parseStatus(text: string): RunStatus {
  const kv = parseKeyValues(text);
  const num = (k: string) => {
    const v = Number(kv.get(k) ?? '');
    return Number.isFinite(v) ? v : 0;
  };
  const pid = Number(kv.get('pid') || NaN);
  const sizes = { stdoutBytes: num('stdout_bytes'), stderrBytes: num('stderr_bytes') };
  switch (kv.get('state')) {
    case 'running':
      return { state: 'running', pid, ...sizes };
    case 'exited':
      return { state: 'exited', code: Number(kv.get('code')), pid, ...sizes };
    case 'lost':
      return Number.isInteger(pid) ? { state: 'lost', pid, ...sizes } : { state: 'lost', ...sizes };
    default:
      return { state: 'missing' };
  }
}
