// Handlers for the core's own procedures.
import type { Handlers } from '../../contract/procedures.ts';
import type { CoreContext } from '../context.ts';
import { coreVersion } from '../../config/version.ts';

export function appHandlers(ctx: CoreContext): Pick<Handlers, 'app.info'> {
  return {
    'app.info': async () => ({
      name: 'VirtLab',
      version: coreVersion(),
      dataDir: ctx.dataDir,
      databasePath: ctx.databasePath,
      schemaVersion: ctx.schemaVersion(),
      host: ctx.host,
    }),
  };
}
