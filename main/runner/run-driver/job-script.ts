// The one POSIX script a run's detached job executes: optional set-up, every measurement of the run with a
// marker line before its output, and a tear-down that runs however the job ends (exit, failure, TERM).
// Commands are argv arrays quoted by main/ssh/quote.ts; nothing from the user is pasted in unquoted.
import type { JobScript } from '../../benchmarks/module.ts';
import { quoteArg, toShellCommand } from '../../ssh/quote.ts';

/** Line printed before each measurement's output: `@@virtlab-point {json}`. */
export const POINT_MARKER = '@@virtlab-point ';

export type { JobScript, JobStep } from '../../benchmarks/module.ts';

export function jobScript(job: JobScript): string {
  const lines: string[] = ['set -u'];
  const teardown = (job.teardown ?? []).map((argv) => `${toShellCommand(argv)} >/dev/null 2>&1`);
  // A stop signals the whole process group: the measured command dies, this shell exits through the EXIT trap.
  lines.push(`trap ${quoteArg(teardown.length ? teardown.join('; ') : ':')} EXIT`);
  lines.push("trap 'exit 143' TERM", "trap 'exit 130' INT", "trap 'exit 129' HUP");
  // --foreground keeps the command in the job's process group, so a stop still reaches it.
  lines.push(
    'if timeout --version >/dev/null 2>&1; then vl_limit() { s=$1; shift; timeout --foreground -k 10 "$s" "$@"; }; else vl_limit() { shift; "$@"; }; fi',
  );
  for (const argv of job.setup ?? []) lines.push(`${toShellCommand(argv)} || exit $?`);
  for (const [path, content] of job.files ?? []) lines.push(`printf '%s' ${quoteArg(content)} > ${quoteArg(path)} || exit $?`);
  for (const step of job.steps) {
    lines.push(`printf '%s\\n' ${quoteArg(POINT_MARKER + JSON.stringify(step.point))}`);
    const env = Object.entries(step.env ?? {});
    const argv = env.length ? ['env', ...env.map(([k, v]) => `${k}=${v}`), ...step.argv] : [...step.argv];
    const cmd = step.timeoutSec !== undefined ? ['vl_limit', String(Math.ceil(step.timeoutSec)), ...argv] : argv;
    lines.push(`${cmd.map(quoteArg).join(' ')} || exit $?`);
  }
  lines.push('exit 0');
  return lines.join('\n');
}

export interface PointOutput {
  point: Record<string, string | number>;
  text: string;
}

/** Splits a job's stdout at the marker lines; text before the first marker is dropped. */
export function splitPoints(stdout: string): PointOutput[] {
  const out: PointOutput[] = [];
  let current: PointOutput | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(POINT_MARKER)) {
      let point: Record<string, string | number> = {};
      try {
        point = JSON.parse(line.slice(POINT_MARKER.length)) as Record<string, string | number>;
      } catch {
        /* a damaged marker still splits */
      }
      current = { point, text: '' };
      out.push(current);
    } else if (current) {
      current.text += `${line}\n`;
    }
  }
  return out;
}
