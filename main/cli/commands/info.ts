// `virtlab info`: the core's version and where its data lives, as the UI's status line shows it.
import type { CliCommand } from '../command.ts';

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Print the core version, data folder and database path as JSON.',
  usage: 'virtlab info',
  async run(_args, io) {
    const api = await io.client();
    io.out(JSON.stringify(await api['app.info']({}), null, 2) + '\n');
    return 0;
  },
};
