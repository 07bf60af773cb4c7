// IPC in the desktop shell, against a stand-in `electron` module: a file a procedure reads or writes comes from the
// main process's own dialog (the page's path is only a suggestion), and a cancelled dialog reaches no handler.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const stand = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>(),
  dialogs: [] as { kind: string; options: { title?: string; defaultPath?: string; properties?: string[] } }[],
  answer: { canceled: false, path: '/home/admin/chosen.vlbundle' },
}));

vi.mock('electron', () => {
  const win = { id: 1 };
  return {
    app: { on: () => undefined },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => stand.handlers.set(channel, fn),
      removeHandler: () => undefined,
    },
    BrowserWindow: { fromWebContents: () => win, getAllWindows: () => [] },
    dialog: {
      showOpenDialog: async (_win: unknown, options: { title?: string; defaultPath?: string; properties?: string[] }) => {
        stand.dialogs.push({ kind: 'open', options });
        return { canceled: stand.answer.canceled, filePaths: stand.answer.canceled ? [] : [stand.answer.path] };
      },
      showSaveDialog: async (_win: unknown, options: { title?: string; defaultPath?: string }) => {
        stand.dialogs.push({ kind: 'save', options });
        return { canceled: stand.answer.canceled, filePath: stand.answer.canceled ? undefined : stand.answer.path };
      },
    },
  };
});

const { registerIpc } = await import('../../electron/ipc.ts');
const { APP_ORIGIN } = await import('../../electron/app-protocol.ts');

const received: { name: string; input: unknown }[] = [];
const spy = (name: string) => async (input: unknown) => {
  received.push({ name, input });
  return name === 'results.import' ? { added: [], alreadyPresent: [], runs: 0, metrics: 0 } : { dir: '/x', files: [] };
};
const core = {
  handlers: new Proxy({}, { get: (_t, name: string) => spy(name) }),
  bus: { subscribe: () => () => undefined },
} as unknown as Parameters<typeof registerIpc>[0];
registerIpc(core);

const mainFrame = { url: `${APP_ORIGIN}/index.html` };
const event = { sender: { mainFrame }, senderFrame: mainFrame };
const call = (name: string, payload: unknown) => stand.handlers.get(`virtlab:${name}`)!(event, payload);

beforeEach(() => {
  received.length = 0;
  stand.dialogs.length = 0;
  stand.answer = { canceled: false, path: '/home/admin/chosen.vlbundle' };
});

describe('file paths in the desktop app', () => {
  it('imports the file the user picked in the main process dialog, not the path the page sent', async () => {
    expect(await call('results.import', { path: '/etc/shadow' })).toMatchObject({ ok: true });
    expect(stand.dialogs).toEqual([{ kind: 'open', options: { title: 'Import a results bundle', defaultPath: '/etc/shadow', properties: ['openFile'] } }]);
    expect(received).toEqual([{ name: 'results.import', input: { path: '/home/admin/chosen.vlbundle' } }]);
  });

  it('a cancelled dialog reaches no handler', async () => {
    stand.answer = { canceled: true, path: '' };
    expect(await call('results.import', { path: 'x.vlbundle' })).toEqual({ ok: false, error: { code: 'failed', message: 'No file was chosen.' } });
    expect(received).toEqual([]);
  });

  it('a folder for the report tables comes from a folder dialog; without a field the core keeps its default place', async () => {
    stand.answer = { canceled: false, path: '/home/admin/tables' };
    await call('reports.exportCsv', { campaignId: 1, dir: 'tables' });
    expect(stand.dialogs.map((d) => [d.kind, d.options.properties])).toEqual([['open', ['openDirectory', 'createDirectory']]]);
    expect(received.at(-1)?.input).toMatchObject({ dir: '/home/admin/tables' });
    stand.dialogs.length = 0;
    await call('reports.exportCsv', { campaignId: 1 });
    expect(stand.dialogs).toEqual([]);
  });

  it('opens no dialog for a procedure without a file', async () => {
    await call('app.info', {});
    expect(stand.dialogs).toEqual([]);
  });
});
