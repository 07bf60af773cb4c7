// Debian's Chromium driven by playwright-core (Playwright's own browser download cannot work here).
import { chromium, type Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const CHROMIUM = process.env.VIRTLAB_CHROMIUM ?? '/usr/bin/chromium';
export const RESULTS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'test-results');

export async function launchChromium(): Promise<Browser> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The closed network refuses Chromium's background connections; these keep it quiet and fast.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const screenshotPath = (name: string): string => resolve(RESULTS_DIR, `${name}.png`);
