// One ipcMain handler per contract procedure (no generic dispatcher); each checks its sender and validates its payload.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannel } from '../main/contract/channels.ts';
import { procedureNames, procedures } from '../main/contract/procedures.ts';
import type { WireResult } from '../main/contract/preload-api.ts';
import type { Core } from '../main/core/core.ts';
import { invokeProcedure } from '../main/core/invoke.ts';
import { withChosenPath } from './file-dialog.ts';
import { isOwnPage } from './security.ts';

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  // Only the top frame of one of our windows (the main one, a report being printed), showing our own page.
  const win = BrowserWindow.fromWebContents(event.sender);
  return frame !== null && win !== null && frame === event.sender.mainFrame && isOwnPage(frame.url);
}

export function registerIpc(core: Core): () => void {
  for (const name of procedureNames) {
    const file = procedures[name].file;
    ipcMain.handle(ipcChannel(name), async (event, payload: unknown): Promise<WireResult> => {
      if (!trustedSender(event)) return { ok: false, error: { code: 'unauthorized', message: 'IPC from an untrusted frame refused.' } };
      // A path the page sent is only the dialog's suggestion; without one the core uses its own default location.
      if (file && payload !== null && typeof payload === 'object' && file.field in payload) {
        const chosen = await withChosenPath(event.sender, file, payload as Record<string, unknown>);
        if (!chosen) return { ok: false, error: { code: 'failed', message: 'No file was chosen.' } };
        payload = chosen;
      }
      return invokeProcedure(core.handlers, name, payload);
    });
  }
  const unsubscribe = core.bus.subscribe((message) => {
    for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  return () => {
    unsubscribe();
    for (const name of procedureNames) ipcMain.removeHandler(ipcChannel(name));
  };
}
