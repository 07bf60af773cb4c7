// Electron entry: a thin shell around the headless core (main/), loading the built renderer.
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDataDir } from '../main/config/data-dir.ts';
import { startCore, type Core } from '../main/core/core.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { registerIpc } from './ipc.ts';
import { printReportToPdf } from './pdf.ts';
import { shellSecretStore } from './secrets.ts';
import { lockDownSessions } from './security.ts';
import { createMainWindow } from './window.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const dataDirFlag = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);

registerAppScheme();
app.enableSandbox();

let core: Core | undefined;
const preload = join(here, 'preload.cjs');

async function boot(): Promise<Core> {
  await app.whenReady();
  lockDownSessions();
  serveRenderer(join(here, '..', '..', 'renderer', 'dist'));
  const dataDir = resolveDataDir(dataDirFlag);
  core = startCore({
    dataDir,
    host: 'electron',
    // Passwords sealed by the OS keychain, as the README promises; memory only where the OS has none (said; the
    // Settings page names the store in use).
    secrets: shellSecretStore(dataDir, (message) => console.warn(message)),
    // Packaged builds rebuild better-sqlite3 for Electron's ABI; this override points at such a build in development.
    nativeBinding: process.env.VIRTLAB_SQLITE_BINDING,
    // Reports print through Chromium's own printToPDF of the same report page, in a hidden sandboxed window.
    printPdf: (query, outPath) => printReportToPdf(preload, { query }, outPath),
  });
  const unregister = registerIpc(core);
  const win = createMainWindow(preload);
  win.on('closed', unregister);
  return core;
}

app.on('window-all-closed', () => {
  void (core?.close() ?? Promise.resolve()).finally(() => app.quit());
});

app.on('activate', () => {
  if (BrowserWindow.getAllWindows().length === 0) void boot();
});

/** The composed shell, once booted (the composition test awaits it against a stand-in electron module). */
export const booted: Promise<Core> = boot();
