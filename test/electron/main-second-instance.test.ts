// A second launch of the desktop app (the single-instance lock is held by the first) quits at once: no core, no
// database opened, no window. Run against a stand-in `electron` module, as main.test.ts is.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => [] as string[]);

vi.mock('electron', () => {
  const on = () => undefined;
  class BrowserWindow {
    constructor() {
      calls.push('BrowserWindow');
    }
  }
  return {
    app: {
      enableSandbox: on,
      requestSingleInstanceLock: () => false,
      whenReady: async () => {
        calls.push('whenReady');
      },
      on,
      quit: () => {
        calls.push('quit');
      },
      getPath: () => tmpdir(),
    },
    protocol: { registerSchemesAsPrivileged: on, handle: on },
    net: { fetch: async () => new Response('') },
    session: { defaultSession: { setPermissionRequestHandler: on, setPermissionCheckHandler: on } },
    ipcMain: { handle: () => calls.push('ipc'), removeHandler: on },
    BrowserWindow,
    safeStorage: { isEncryptionAvailable: () => true },
  };
});

const dataDir = mkdtempSync(join(tmpdir(), 'virtlab-shell-second-'));
process.argv.push(`--data-dir=${dataDir}`);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('quits without booting a core, opening the database or a window', async () => {
  const { booted } = await import('../../electron/main.ts');
  expect(await booted).toBeNull();
  expect(calls).toEqual(['quit']);
  expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
});
