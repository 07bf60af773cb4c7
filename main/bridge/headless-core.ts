// A core without Electron: reports print through a local Chromium against a private bridge of this same core.
// The CLI, `virtlab serve`, benches and tests compose theirs here; Electron composes its own in electron/main.ts.
import { startCore, type Core, type CoreOptions } from '../core/core.ts';
import { chromiumPdfPrinter } from './pdf-printer.ts';

export function startHeadlessCore(options: Omit<CoreOptions, 'printPdf'>): Core {
  const core: Core = startCore({ ...options, printPdf: chromiumPdfPrinter(() => core) });
  return core;
}
