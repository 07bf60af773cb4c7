// Opening the served UI: the browser's arguments name a private page, never the address with its token.
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserCommand, offerToOpen, OPEN_PAGE, writeOpenPage } from '../../../main/cli/open-in-browser.ts';

const url = 'http://127.0.0.1:41234/#token=Zk3_secret-token';
let umask: number;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

describe('writeOpenPage', () => {
  it('writes an owner-only page that sends the browser on to the address, replacing a readable leftover', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vl-open-'));
    writeFileSync(join(dataDir, OPEN_PAGE), 'old');
    chmodSync(join(dataDir, OPEN_PAGE), 0o644);
    const page = writeOpenPage(dataDir, url);
    expect(page).toBe(join(dataDir, OPEN_PAGE));
    expect((statSync(page).mode & 0o777).toString(8)).toBe('600');
    const html = readFileSync(page, 'utf8');
    expect(html).toContain(`<meta http-equiv="refresh" content="0; url=${url}">`);
    expect(html).toContain(`<a href="${url}">`);
  });
});

describe('browserCommand', () => {
  it('opens the page with xdg-open (the default browser) when it is on the PATH', () => {
    const cmd = browserCommand({ PATH: '/nonexistent:/usr/bin' }, '/home/u/.config/VirtLab/open-in-browser.html');
    expect(existsSync('/usr/bin/xdg-open')).toBe(true);
    expect(cmd).toEqual({ argv: ['/usr/bin/xdg-open', '/home/u/.config/VirtLab/open-in-browser.html'], label: 'your default browser' });
  });

  it('falls back to a Chromium app window on the page, still without the token', () => {
    const cmd = browserCommand({ PATH: '/nonexistent', VIRTLAB_CHROMIUM: '/usr/bin/chromium' }, '/home/u/.config/VirtLab/open-in-browser.html');
    expect(cmd?.argv).toEqual(['/usr/bin/chromium', '--app=file:///home/u/.config/VirtLab/open-in-browser.html', '--no-first-run']);
    expect(cmd?.argv.join(' ')).not.toContain('token');
  });
});

describe('offerToOpen', () => {
  it('does nothing without a display: no page is written, the printed address stays the way in', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vl-open-'));
    const said: string[] = [];
    expect(offerToOpen((t) => said.push(t), { PATH: '/usr/bin', DISPLAY: '' }, dataDir, url)).toBeUndefined();
    expect(existsSync(join(dataDir, OPEN_PAGE))).toBe(false);
    expect(said).toEqual([]);
  });
});
