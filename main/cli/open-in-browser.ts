// Opens the served UI in the user's browser without its token in any process's arguments (other local users can read
// those in /proc): the browser gets a private page in the owner-only data folder that sends it on to the address.
import { spawn } from 'node:child_process';
import { accessSync, constants, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findChromium } from '../config/chromium.ts';

export const OPEN_PAGE = 'open-in-browser.html';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Writes the hand-over page (mode 0600) for this start's address; returns its path. */
export function writeOpenPage(dataDir: string, url: string): string {
  const path = join(dataDir, OPEN_PAGE);
  const href = escapeHtml(url);
  rmSync(path, { force: true }); // a fresh file, so that its mode is the one given here
  writeFileSync(
    path,
    `<!doctype html>\n<meta charset="utf-8">\n<title>VirtLab</title>\n<meta http-equiv="refresh" content="0; url=${href}">\n<p>Opening VirtLab… <a href="${href}">continue</a></p>\n`,
    { mode: 0o600 },
  );
  return path;
}

function onPath(name: string, env: Record<string, string | undefined>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not in this folder */
    }
  }
  return undefined;
}

/** The user's default browser through xdg-open, else a Chromium app window; the argument is the page's path only. */
export function browserCommand(env: Record<string, string | undefined>, page: string): { argv: string[]; label: string } | undefined {
  const xdgOpen = onPath('xdg-open', env);
  if (xdgOpen) return { argv: [xdgOpen, page], label: 'your default browser' };
  const chromium = findChromium(env);
  if (chromium) return { argv: [chromium, `--app=${pathToFileURL(page).href}`, '--no-first-run'], label: basename(chromium) };
  return undefined;
}

export interface OpenOffer {
  close(): void;
}

/**
 * With a display: at a terminal, offers to open the UI (Enter opens it, again each time); launched without one (a
 * desktop launcher), opens it at once. Without a display or a browser it does nothing: the printed address stays.
 */
export function offerToOpen(out: (text: string) => void, env: Record<string, string | undefined>, dataDir: string, url: string): OpenOffer | undefined {
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  const page = writeOpenPage(dataDir, url);
  const command = browserCommand(env, page);
  if (!command) {
    rmSync(page, { force: true });
    return undefined;
  }
  const open = () => {
    spawn(command.argv[0]!, command.argv.slice(1), { stdio: 'ignore', detached: true })
      .on('error', (e) => out(`Could not open ${command.label}: ${e.message}\n`))
      .unref();
  };
  const stdin = process.stdin;
  if (stdin.isTTY) {
    out(`Press Enter to open it in ${command.label}.\n`);
    stdin.on('data', open);
  } else {
    open();
  }
  return {
    close() {
      stdin.off('data', open);
      if (stdin.isTTY) stdin.pause();
      rmSync(page, { force: true });
    },
  };
}
