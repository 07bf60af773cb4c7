// PDF of a report in Electron: the renderer's printable report page (?view=report...) loaded in a hidden sandboxed
// window with the normal preload (it reaches the core over IPC like the main window), printed with printToPDF once
// the page marks itself ready.
import { BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';
import { APP_ORIGIN } from './app-protocol.ts';

export interface PrintRequestQuery {
  query: string;
}

export async function printReportToPdf(
  preloadPath: string,
  { query }: PrintRequestQuery,
  outPath: string,
  timeoutMs = 60_000,
): Promise<{ path: string; bytes: number }> {
  const win = new BrowserWindow({
    show: false,
    width: 1100,
    height: 1400,
    webPreferences: { preload: preloadPath, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  try {
    await win.loadURL(`${APP_ORIGIN}/index.html?${query}`);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ready = (await win.webContents.executeJavaScript('document.documentElement.dataset.reportReady === "true"')) as boolean;
      if (ready) break;
      if (Date.now() > deadline) throw new Error('The report page did not finish drawing in time.');
      await new Promise((r) => setTimeout(r, 100));
    }
    const pdf = await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    await writeFile(outPath, pdf);
    return { path: outPath, bytes: pdf.length };
  } finally {
    win.destroy();
  }
}
