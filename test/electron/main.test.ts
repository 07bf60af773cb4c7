// The Electron shell's composition, run against a stand-in `electron` module (the real binary cannot run here):
// the core it starts must get the OS-keychain secret store, so passwords are sealed by safeStorage on disk.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const stand = vi.hoisted(() => {
  const calls: string[] = [];
  // A reversible "cipher" that is visibly not the plain text, standing in for the OS keychain.
  const seal = (text: string) => Buffer.from(`sealed:${[...text].reverse().join('')}`);
  const unseal = (blob: Buffer) => [...blob.toString().slice('sealed:'.length)].reverse().join('');
  const appHandlers = new Map<string, () => void>();
  const windows: { handlers: Map<string, () => void>; focused: number }[] = [];
  return { calls, seal, unseal, appHandlers, windows };
});

vi.mock('electron', () => {
  const on = () => undefined;
  class BrowserWindow {
    static getAllWindows = () => [];
    static fromWebContents = () => null;
    webContents = { on, send: on };
    private readonly record = { handlers: new Map<string, () => void>(), focused: 0 };
    constructor(_options: unknown) {
      stand.calls.push('BrowserWindow');
      stand.windows.push(this.record);
    }
    on = (event: string, handler: () => void) => {
      this.record.handlers.set(event, handler);
    };
    once = on;
    loadURL = async () => undefined;
    isMinimized = () => false;
    restore = on;
    focus = () => {
      this.record.focused += 1;
    };
  }
  return {
    app: {
      enableSandbox: on,
      requestSingleInstanceLock: () => true,
      whenReady: async () => {
        stand.calls.push('whenReady');
      },
      on: (event: string, handler: () => void) => {
        stand.appHandlers.set(event, handler);
      },
      quit: () => {
        stand.calls.push('quit');
      },
      getPath: () => tmpdir(),
    },
    protocol: { registerSchemesAsPrivileged: on, handle: on },
    net: { fetch: async () => new Response('') },
    session: { defaultSession: { setPermissionRequestHandler: on, setPermissionCheckHandler: on } },
    ipcMain: { handle: (name: string) => stand.calls.push(`ipc:${name}`), removeHandler: on },
    BrowserWindow,
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (text: string) => {
        stand.calls.push('encryptString');
        return stand.seal(text);
      },
      decryptString: (blob: Buffer) => {
        stand.calls.push('decryptString');
        return stand.unseal(blob);
      },
    },
  };
});

const dataDir = mkdtempSync(join(tmpdir(), 'virtlab-shell-'));
process.argv.push(`--data-dir=${dataDir}`);

describe('electron/main.ts composition', () => {
  afterAll(async () => {
    const { booted } = await import('../../electron/main.ts');
    await (await booted)!.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('hands the OS-keychain store to the core, and registers IPC and a window around it', async () => {
    const { booted } = await import('../../electron/main.ts');
    const core = (await booted)!;
    expect(core.context.dataDir).toBe(dataDir);
    expect(core.context.host).toBe('electron');
    const { store } = await core.handlers['settings.secrets.list']({});
    expect(store).toBe('chain(os-keychain,env)');
    expect(stand.calls).toContain('ipc:virtlab:app.info');
    expect(stand.calls).toContain('BrowserWindow');
  });

  it('seals a password through safeStorage into the data folder and reads it back through the core', async () => {
    const core = (await (await import('../../electron/main.ts')).booted)!;
    await core.handlers['settings.secrets.set']({ name: 'host:node1:password', value: 'hunter2' });
    const file = join(dataDir, 'secrets.sealed.json');
    expect(existsSync(file)).toBe(true);
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('hunter2');
    expect(JSON.parse(onDisk)).toEqual({ 'host:node1:password': stand.seal('hunter2').toString('base64') });
    expect((await core.context.ssh.secrets.get('host:node1:password'))?.reveal()).toBe('hunter2');
    expect(stand.calls).toEqual(expect.arrayContaining(['encryptString', 'decryptString']));
    expect(await core.handlers['settings.secrets.list']({})).toEqual({ store: 'chain(os-keychain,env)', names: ['host:node1:password'] });
  });

  it('a dock click with the window open does nothing; with it closed, opens a window on the same core, never a second core', async () => {
    const core = (await (await import('../../electron/main.ts')).booted)!;
    const count = (name: string) => stand.calls.filter((c) => c === name).length;
    const ipcRegistrations = () => count('ipc:virtlab:app.info');
    expect([count('whenReady'), count('BrowserWindow'), ipcRegistrations()]).toEqual([1, 1, 1]);
    stand.appHandlers.get('activate')!();
    expect([count('whenReady'), count('BrowserWindow'), ipcRegistrations()]).toEqual([1, 1, 1]);
    stand.windows[0]!.handlers.get('closed')!();
    stand.appHandlers.get('activate')!();
    expect([count('whenReady'), count('BrowserWindow'), ipcRegistrations()]).toEqual([1, 2, 2]);
    expect(core.handlers).toBe((await (await import('../../electron/main.ts')).booted)!.handlers);
  });

  it('a second launch focuses the open window', () => {
    const before = stand.windows.at(-1)!.focused;
    stand.appHandlers.get('second-instance')!();
    expect(stand.windows.at(-1)!.focused).toBe(before + 1);
  });
});
