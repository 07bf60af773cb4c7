// Procedures about the core itself.
import { z } from 'zod';
import { procedure } from './procedure.ts';

export const AppInfo = z.object({
  name: z.literal('VirtLab'),
  version: z.string(),
  dataDir: z.string(),
  databasePath: z.string(),
  schemaVersion: z.number().int(),
  /** How this renderer reaches the core. */
  host: z.enum(['electron', 'bridge']),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appProcedures = {
  'app.info': procedure(z.object({}).strict(), AppInfo, 'Version of the core and where its database lives.'),
};

export const appEvents = {
  /** A line the core wants the user to see (not a benchmark log). */
  'app.notice': z.object({ level: z.enum(['info', 'warn', 'error']), message: z.string(), at: z.string() }),
};
