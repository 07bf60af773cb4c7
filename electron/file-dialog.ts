// In the desktop app a file a procedure reads or writes is picked in a dialog the main process opens: the page may
// suggest a name, never decide the path (a compromised page cannot make the core read or overwrite any file).
import { BrowserWindow, dialog, type WebContents } from 'electron';
import type { FileChoice } from '../main/contract/procedure.ts';

/** The payload with its path field set by the user's choice; null when the dialog was cancelled. */
export async function withChosenPath(sender: WebContents, choice: FileChoice, payload: Record<string, unknown>): Promise<Record<string, unknown> | null> {
  const suggested = typeof payload[choice.field] === 'string' ? (payload[choice.field] as string) : undefined;
  const win = BrowserWindow.fromWebContents(sender);
  const common = { title: choice.title, ...(suggested ? { defaultPath: suggested } : {}) };
  let chosen: string | undefined;
  if (choice.dialog === 'save') {
    const r = win ? await dialog.showSaveDialog(win, common) : await dialog.showSaveDialog(common);
    chosen = r.canceled ? undefined : r.filePath;
  } else {
    const properties: ('openFile' | 'openDirectory' | 'createDirectory')[] = choice.dialog === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile'];
    const r = win ? await dialog.showOpenDialog(win, { ...common, properties }) : await dialog.showOpenDialog({ ...common, properties });
    chosen = r.canceled ? undefined : r.filePaths[0];
  }
  return chosen ? { ...payload, [choice.field]: chosen } : null;
}
