// `virtlab start` (npm start): the desktop app when Electron's binary is present, else the same UI over the bridge.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../../config/chromium.ts';
import { findElectronBinary } from '../../config/electron-binary.ts';
import type { CliCommand } from '../command.ts';
import { serveUntilStopped } from './serve.ts';

const hasDisplay = (env: Record<string, string | undefined>) => Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);

export const startCommand: CliCommand = {
  name: 'start',
  summary: 'Start the desktop app, or serve its UI in a browser when Electron is not installed.',
  usage: 'virtlab start',
  async run(_args, io) {
    const electron = findElectronBinary();
    if (electron.found) {
      const entry = fileURLToPath(new URL('../../../dist/electron/main.js', import.meta.url));
      const child = spawn(electron.path, [entry, `--data-dir=${io.dataDir}`], { stdio: 'inherit' });
      return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
    }
    return serveUntilStopped(io, 0, (url) => {
      io.out(`Electron's binary is not installed on this machine, so VirtLab serves the same UI in your browser at ${url}\n`);
      const chromium = findChromium(io.env);
      if (chromium && hasDisplay(io.env)) {
        spawn(chromium, [`--app=${url}`, '--no-first-run'], { stdio: 'ignore', detached: true }).unref();
      }
    }, { quiet: true });
  },
};
