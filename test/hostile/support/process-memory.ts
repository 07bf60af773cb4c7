// A child process's memory as the kernel counts it (/proc/PID/status): the harness's own measure, outside the process
// under test, so a regression inside it cannot hide its cost.
import { readFileSync, writeFileSync } from 'node:fs';

function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} for process ${pid}`);
  return Number(m[1]);
}

/** Peak resident memory since start or since the last resetPeak. */
export const peakKiB = (pid: number): number => statusKiB(pid, 'VmHWM');

/** Resets the peak to the current resident size (clear_refs 5), so each case's own peak can be read. */
export function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** Samples a short-lived process's peak until it exits (the last few milliseconds may be missed; a real blow-up is
 * not over that fast). */
export function samplePeak(pid: number, everyMs = 5): { stop(): number } {
  let peak = 0;
  const read = () => {
    try {
      peak = Math.max(peak, peakKiB(pid));
    } catch {
      /* exited */
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop() {
      read();
      clearInterval(timer);
      return peak;
    },
  };
}
