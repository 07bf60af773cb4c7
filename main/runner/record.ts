// Runs one benchmark command and records it (argv, env, raw output, timing) on the result being built.
import type { ExecOptions } from '../ssh/exec.ts';
import { run, type BenchEndpoint } from './remote.ts';
import type { CommandRecord, ResultBuilder } from './result.ts';

export async function recordedRun(
  rb: ResultBuilder,
  ep: BenchEndpoint,
  label: string,
  argv: string[],
  opts: ExecOptions & { point?: Record<string, string | number> } = {},
): Promise<CommandRecord> {
  const startedAt = Date.now();
  const { point, ...execOpts } = opts;
  const r = await run(ep, argv, execOpts);
  const rec: CommandRecord = {
    label,
    endpoint: ep.name,
    argv,
    ...(opts.env ? { env: opts.env } : {}),
    code: r.code,
    signal: r.signal,
    stdout: r.stdout,
    stderr: r.stderr,
    startedAt,
    durationMs: r.durationMs,
    ...(r.timedOut ? { timedOut: true } : {}),
    ...(point ? { point } : {}),
  };
  rb.commands.push(rec);
  return rec;
}

/** Why a recorded command did not succeed, or undefined when it exited 0. */
export function commandFailure(rec: CommandRecord): string | undefined {
  if (rec.timedOut) return `${rec.label} on ${rec.endpoint} timed out after ${rec.durationMs} ms`;
  if (rec.code === 0) return undefined;
  const tail = (rec.stderr || rec.stdout).trim().split('\n').slice(-3).join(' | ');
  return `${rec.label} on ${rec.endpoint} exited with ${rec.code ?? `signal ${rec.signal}`}${tail ? `: ${tail}` : ''}`;
}
