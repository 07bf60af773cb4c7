// Finds the Electron binary the npm package installed, or says why there is none.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

export function findElectronBinary(): ElectronBinary {
  const require = createRequire(import.meta.url);
  try {
    // The electron package's main export is the binary's path; it throws when the download was skipped.
    const path = require('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { found: true, path };
    return { found: false, reason: 'the electron package names no binary that exists' };
  } catch (error) {
    return { found: false, reason: (error as Error).message.split('\n')[0] ?? 'electron is not installed' };
  }
}
