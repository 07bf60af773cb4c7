// The ssh backend as the run driver uses it: the job is a detached job on the run's first endpoint, found by the run's
// id; its end is seen at once (waitEnd), not at the next poll.
import type { RunBackend, RunJobRef } from '../backend.ts';
import { SshBackend } from './backend.ts';

export function sshRunBackend(opts: { controlTimeoutMs: number }): RunBackend {
  const b = new SshBackend(opts);
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
