// runs.rawOutput: the stored raw logs of a run, the tail of each stream when it is long.
import type { Handlers } from '../../contract/procedures.ts';
import type { CoreContext } from '../context.ts';

type RunsHandlers = Pick<Handlers, 'runs.rawOutput'>;

export function runsHandlers(ctx: CoreContext): RunsHandlers {
  return {
    'runs.rawOutput': async ({ runId, maxBytes }) => ({
      runId,
      streams: ctx.repos.rawLogs.list(runId).map((info) => {
        const bytes = ctx.repos.rawLogs.get(runId, info.stream) ?? Buffer.alloc(0);
        const truncated = bytes.byteLength > maxBytes;
        return { stream: info.stream, size: info.size, truncated, text: (truncated ? bytes.subarray(bytes.byteLength - maxBytes) : bytes).toString('utf8') };
      }),
    }),
  };
}
