// The headless PDF printer, injected where a headless core is composed (Electron injects its own printToPDF): a
// private bridge serves the renderer's report page and a local Chromium prints it (--print-to-pdf), waiting on
// virtual time until the page's data loads and charts are drawn.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Core } from '../core/core.ts';
import type { PdfPrinter } from '../core/context.ts';
import { findChromium } from '../config/chromium.ts';
import { rendererDistDir } from '../config/renderer-dist.ts';
import { startBridge } from './server.ts';

/** Chromium refuses to start as root with its sandbox on; anyone else keeps the sandbox (it contains the renderer
 * of a page that shows data from imported bundles). */
export function sandboxArgs(uid: number | undefined = process.getuid?.()): string[] {
  return uid === 0 ? ['--no-sandbox'] : [];
}

export interface PrintOptions {
  chromium?: string;
  staticDir?: string;
  timeoutMs?: number;
}

function run(bin: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, output });
    });
  });
}

function startsWithPdfMagic(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(5);
    readSync(fd, buf, 0, 5, 0);
    return buf.toString('latin1') === '%PDF-';
  } finally {
    closeSync(fd);
  }
}

/**
 * The page Chromium is started on: a file in the print's own profile folder (mode 0700, the file 0600) that sends it
 * on to the report's address. The address carries the bridge token, and Chromium's arguments are readable by every
 * local user (/proc/PID/cmdline); the file is readable only by us.
 */
export function writeLaunchPage(profile: string, url: string): string {
  const path = join(profile, 'open-report.html');
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  const attr = url.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  writeFileSync(
    path,
    `<!doctype html>\n<meta charset="utf-8">\n<meta http-equiv="refresh" content="0; url=${attr}">\n<script>location.replace(${target})</script>\n`,
    { mode: 0o600 },
  );
  return path;
}

/** A printer for the core that `core()` returns once composed (the printer is an option of that same core). */
export function chromiumPdfPrinter(core: () => Core, options: PrintOptions = {}): PdfPrinter {
  return (reportQuery, outPath) => printReportPdf(core(), reportQuery, outPath, options);
}

export async function printReportPdf(core: Core, reportQuery: string, outPath: string, options: PrintOptions = {}): Promise<{ path: string; bytes: number }> {
  const chromium = options.chromium ?? findChromium();
  if (!chromium) throw new Error('No Chromium-family browser found to print the report (set VIRTLAB_CHROMIUM to its path).');
  const staticDir = options.staticDir ?? rendererDistDir();
  // Without the built renderer Chromium would print the bridge's "not found" page as a valid one-page PDF.
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error(`The report page is not built (${staticDir}/index.html is missing): run \`npm run build:renderer\` first.`);
  const path = resolve(outPath);
  mkdirSync(dirname(path), { recursive: true });
  const bridge = await startBridge({ core, staticDir });
  const profile = mkdtempSync(join(tmpdir(), 'virtlab-print-'));
  try {
    const url = `http://127.0.0.1:${bridge.port}/?${reportQuery}#token=${bridge.token}`;
    const args = [
      '--headless',
      ...sandboxArgs(),
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--user-data-dir=${profile}`,
      '--no-pdf-header-footer',
      '--run-all-compositor-stages-before-draw',
      '--virtual-time-budget=30000',
      `--print-to-pdf=${path}`,
      pathToFileURL(writeLaunchPage(profile, url)).href,
    ];
    rmSync(path, { force: true });
    const { code, output } = await run(chromium, args, options.timeoutMs ?? 120_000);
    let ok = false;
    try {
      ok = statSync(path).size > 0 && startsWithPdfMagic(path);
    } catch {
      ok = false;
    }
    if (code !== 0 || !ok) throw new Error(`Chromium did not print the report (exit ${code}): ${output.trim().split('\n').slice(-3).join(' | ')}`);
    return { path, bytes: statSync(path).size };
  } finally {
    await bridge.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
