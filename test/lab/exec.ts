// Runs tools as argv arrays (never a shell line built from strings) and reports their stderr on failure.
import { execFile } from 'node:child_process';

export interface RunResult {
  stdout: string;
  stderr: string;
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export function run(cmd: string, args: string[], input?: string): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(cmd, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new RunError(`${cmd} ${args.join(' ')} failed: ${stderr.trim() || err.message}`, stderr));
        return;
      }
      resolvePromise({ stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Runs `ip [-n ns] -batch -` with one command a line; -force keeps going past "File exists" so reruns are idempotent. */
export async function ipBatch(lines: string[], ns?: string, force = false): Promise<void> {
  if (lines.length === 0) return;
  const args = [...(ns ? ['-n', ns] : []), ...(force ? ['-force'] : []), '-batch', '-'];
  try {
    await run('ip', args, lines.join('\n') + '\n');
  } catch (err) {
    if (!force) throw err;
    // With -force, errors that only say "already there" or "already gone" are what idempotency expects.
    const benign =
      /File exists|Address already assigned|Cannot find device|No such (file|process|device)|does not exist|Command failed|Cannot open network namespace|^\s*$|RTNETLINK answers: No such/;
    if (!(err instanceof RunError) || err.stderr.split('\n').some((l) => !benign.test(l))) throw err;
  }
}

export async function tryRun(cmd: string, args: string[]): Promise<RunResult | undefined> {
  try {
    return await run(cmd, args);
  } catch {
    return undefined;
  }
}
