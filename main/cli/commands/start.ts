// `virtlab start` (npm start): the desktop app when Electron's binary is present, else the same UI over the bridge.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from '../../config/electron-binary.ts';
import type { CliCommand } from '../command.ts';
import { offerToOpen } from '../open-in-browser.ts';
import { serveUntilStopped } from './serve.ts';

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
    return serveUntilStopped(
      io,
      0,
      (url) => {
        io.out(`Electron's binary is not installed on this machine, so VirtLab serves the same UI in your browser at ${url}\n`);
        const offer = offerToOpen(io.out, io.env, io.dataDir, url);
        return () => offer?.close();
      },
      { quiet: true },
    );
  },
};
