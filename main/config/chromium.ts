// A locally installed Chromium-family browser, used to open the bridge UI and to print reports.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(env: Record<string, string | undefined> = process.env): string | undefined {
  if (env.VIRTLAB_CHROMIUM && existsSync(env.VIRTLAB_CHROMIUM)) return env.VIRTLAB_CHROMIUM;
  return CANDIDATES.find((path) => existsSync(path));
}
