// `virtlab info`: the core's version and where its data lives, as the UI's status line shows it.
import { startCore } from '../../core/core.ts';
import type { CliCommand } from '../command.ts';

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Print the core version, data folder and database path as JSON.',
  usage: 'virtlab info',
  async run(_args, io) {
    const core = startCore({ dataDir: io.dataDir, host: 'bridge' });
    try {
      io.out(JSON.stringify(await core.handlers['app.info']({}), null, 2) + '\n');
      return 0;
    } finally {
      await core.close();
    }
  },
};
