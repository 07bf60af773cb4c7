// runs.rawOutput: the stored raw logs of a run, the tail of each stream when it is long.
import type { Handlers } from '../../contract/procedures.ts';
import type { CoreContext } from '../context.ts';

type RunsHandlers = Pick<Handlers, 'runs.rawOutput'>;

export function runsHandlers(ctx: CoreContext): RunsHandlers {
  return {
    'runs.rawOutput': async ({ runId, maxBytes }) => ({
      runId,
      streams: await Promise.all(
        ctx.repos.rawLogs.list(runId).map(async (info) => {
          // Streamed with only the tail kept: a stored (or imported) log can be large or a decompression bomb.
          const t = await ctx.repos.rawLogs.tail(runId, info.stream, maxBytes);
          return { stream: info.stream, size: info.size, truncated: t?.truncated ?? false, text: (t?.bytes ?? Buffer.alloc(0)).toString('utf8') };
        }),
      ),
    }),
  };
}
