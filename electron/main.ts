// Electron entry: a thin shell around the headless core (main/), loading the built renderer.
import { app, type BrowserWindow } from 'electron';
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

// One VirtLab per user: a second launch hands over to the first (which shows its window) instead of opening a second
// core on the same database.
const primary = app.requestSingleInstanceLock();
if (!primary) app.quit();

let core: Core | undefined;
let mainWindow: BrowserWindow | undefined;
const preload = join(here, 'preload.cjs');

/** The one window, with IPC registered for as long as it lives. */
function openWindow(running: Core): void {
  const unregister = registerIpc(running);
  const win = createMainWindow(preload);
  mainWindow = win;
  win.on('closed', () => {
    unregister();
    if (mainWindow === win) mainWindow = undefined;
  });
}

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
  openWindow(core);
  return core;
}

app.on('window-all-closed', () => {
  void (core?.close() ?? Promise.resolve()).finally(() => app.quit());
});

app.on('second-instance', () => {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
});

// A dock click with no window open (macOS) gets a window on the running core; it never boots a second core.
app.on('activate', () => {
  if (core && !mainWindow) openWindow(core);
});

/** The composed shell once booted, or null in a second launch that handed over (awaited by the composition test). */
export const booted: Promise<Core | null> = primary ? boot() : Promise.resolve(null);
