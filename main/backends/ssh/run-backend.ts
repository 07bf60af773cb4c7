// The ssh backend as the run driver uses it: the job is a detached job on the run's first endpoint, found by the run's
// id; its end is seen at once (waitEnd, on the channel that started it for a short job), not at the next poll, and its
// output comes back with that wait.
import type { RunBackend, RunJobRef } from '../backend.ts';
import { SshBackend } from './backend.ts';

/** How long the channel that starts a job goes on to watch for its end: a short run (a netperf point, a small
 * benchmark) is started, seen to end and read in one round trip; a longer one is watched as before afterwards. */
export const START_WAIT_MS = 10_000;

export function sshRunBackend(opts: { controlTimeoutMs: number; startWaitMs?: number }): RunBackend {
  const b = new SshBackend({ startWaitMs: START_WAIT_MS, ...opts });
  const head = (r: RunJobRef) => r.endpoints[0]!.session;
  const handle = (r: RunJobRef) => ({ runId: r.runId, id: r.jobId ?? '' });
  return {
    submit: (job) => b.submit(job.endpoints[0]!.session, { runId: job.runId, command: job.command, nodes: job.endpoints.length, cwd: job.cwd }),
    state: async (r) => (await b.poll(head(r), [handle(r)])).get(r.runId) ?? { state: 'missing' },
    wait: (r, maxMs, signal) => b.waitEnd(head(r), handle(r), maxMs, signal),
    collect: (r) => b.collect(head(r), handle(r)),
    cancel: (r) => b.cancel(head(r), handle(r)),
    release: (r) => b.release(head(r), handle(r)),
  };
}
