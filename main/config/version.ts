// The core's version, read once from package.json so every surface reports the same one.
import { readFileSync } from 'node:fs';

let cached: string | undefined;
export function coreVersion(): string {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
