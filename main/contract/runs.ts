// The raw output a run left (stdout, stderr, build logs...), for reading a failure's details in the UI.
import { z } from 'zod';
import { procedure } from './procedure.ts';

export const RawOutput = z.object({
  runId: z.number().int(),
  streams: z.array(
    z.object({
      stream: z.string(),
      /** Original size in bytes; `text` holds at most the last `maxBytes` of it. */
      size: z.number().int(),
      truncated: z.boolean(),
      text: z.string(),
    }),
  ),
});
export type RawOutput = z.infer<typeof RawOutput>;

export const runsProcedures = {
  'runs.rawOutput': procedure(
    z.object({ runId: z.number().int(), maxBytes: z.number().int().min(1024).max(4_194_304).default(262_144) }).strict(),
    RawOutput,
    'Raw output of one run attempt, every stream (the end of each when long).',
  ),
};
