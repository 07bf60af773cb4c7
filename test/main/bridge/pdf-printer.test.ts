// The PDF printer's Chromium keeps its sandbox unless it runs as root (where Chromium refuses to start with it), and
// never has the bridge token in its arguments (readable by every local user): it starts on a private page that sends
// it on. Printed for real with the local Chromium over a stand-in report page that can only show what it fetched from
// the bridge with the token.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printReportPdf, sandboxArgs } from '../../../main/bridge/pdf-printer.ts';
import { findChromium } from '../../../main/config/chromium.ts';
import { startCore } from '../../../main/core/core.ts';

describe('PDF printer Chromium sandbox', () => {
  it('passes --no-sandbox only for root', () => {
    expect(sandboxArgs(1000)).toEqual([]);
    expect(sandboxArgs(0)).toEqual(['--no-sandbox']);
  });
});

describe('PDF printer without a built report page', () => {
  it('refuses with the command that builds it, and writes no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtlab-pdf-nodist-'));
    const core = startCore({ dataDir: join(dir, 'data'), host: 'bridge' });
    try {
      await expect(printReportPdf(core, 'campaign=1', join(dir, 'r.pdf'), { staticDir: join(dir, 'dist'), chromium: '/bin/false' })).rejects.toThrow(
        /report page is not built .*npm run build:renderer/,
      );
      expect(existsSync(join(dir, 'r.pdf'))).toBe(false);
    } finally {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every process argument list on this machine that mentions a bridge token. */
function argumentsWithToken(): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (args.includes('#token=')) found.push(args.replace(/\0/g, ' ').slice(0, 200));
    } catch {
      /* gone */
    }
  }
  return found;
}

describe.runIf(findChromium())('PDF printer and the bridge token', () => {
  it('prints the report without the token in any process arguments, and the page still reaches the bridge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'virtlab-pdf-token-'));
    const www = join(dir, 'www');
    execFileSync('mkdir', ['-p', www]);
    // The report page stand-in: it writes what app.info answers with the token from its fragment.
    writeFileSync(join(www, 'index.html'), '<!doctype html><meta charset="utf-8"><title>r</title><p id="out">no answer</p><script src="/page.js"></script>');
    writeFileSync(
      join(www, 'page.js'),
      `const token = new URLSearchParams(location.hash.slice(1)).get('token');
fetch('/api/rpc/app.info', { method: 'POST', headers: { 'content-type': 'application/json', 'x-virtlab-token': token }, body: '{}' })
  .then((r) => r.json()).then((b) => { document.getElementById('out').textContent = 'answered ' + b.value.name; });`,
    );
    const core = startCore({ dataDir: join(dir, 'data'), host: 'bridge' });
    const seen: string[] = [];
    const watch = setInterval(() => seen.push(...argumentsWithToken()), 10);
    try {
      const out = await printReportPdf(core, 'campaign=1', join(dir, 'r.pdf'), { staticDir: www });
      expect(out.bytes).toBeGreaterThan(0);
      expect(execFileSync('pdftotext', [out.path, '-'], { encoding: 'utf8' })).toContain('answered VirtLab');
    } finally {
      clearInterval(watch);
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(seen).toEqual([]);
  }, 120_000);
});
