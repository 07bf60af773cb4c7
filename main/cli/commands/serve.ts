// `virtlab serve`: start the loopback bridge and print the address to open.
import { startBridge } from '../../bridge/server.ts';
import { rendererDistDir } from '../../config/renderer-dist.ts';
import type { Core } from '../../core/core.ts';
import { takeOption } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';

/** Serves until SIGINT/SIGTERM; what announce returns runs once the bridge has stopped. */
export async function serveUntilStopped(io: CliIo, port: number, announce: (url: string) => (() => void) | void, { quiet = false } = {}): Promise<number> {
  let core: Core;
  try {
    core = await io.core({ served: { quiet } });
  } catch (error) {
    io.err(`Cannot open the secrets file: ${(error as Error).message}\n`);
    return 1;
  }
  const bridge = await startBridge({ core, staticDir: rendererDistDir(), port });
  const afterStop = announce(bridge.url);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await bridge.close();
  afterStop?.();
  return 0;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the UI and the core API on 127.0.0.1 behind a per-start token.',
  usage: 'virtlab serve [--port N]',
  async run(args, io) {
    const port = Number(takeOption(args, 'port') ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.err(`--port must be a port number, not ${port}.\n`);
      return 2;
    }
    return serveUntilStopped(io, port, (url) => io.out(`VirtLab is serving its UI at ${url}\n`));
  },
};
