// The non-free apt source comes from the machine's own Debian archive entry (a site's mirror stays), in both apt formats.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = resolve(import.meta.dirname, '..', '..', 'scripts', 'apt-non-free-source.mjs');

function aptEtc(files: Record<string, string>): string {
  const etc = mkdtempSync(join(tmpdir(), 'vl-apt-'));
  mkdirSync(join(etc, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(etc, name), text);
  return etc;
}
const run = (etc: string, codename = 'bookworm') => spawnSync(process.execPath, [script, codename, etc], { encoding: 'utf8' });

// Debian 12's image default (deb822), with a site mirror in place of deb.debian.org.
const deb822 = `Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://mirror.site.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.site.example/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

describe('apt-non-free-source', () => {
  it('takes the mirror and Signed-By of the deb822 entry serving the codename, not the security archive', () => {
    const etc = aptEtc({
      'sources.list.d/debian.sources': deb822,
      'sources.list.d/virtlab-non-free.list': 'deb http://deb.debian.org/debian bookworm non-free\n',
    });
    const r = run(etc);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(1).join('\n')).toBe(
      'Types: deb\nURIs: http://mirror.site.example/debian\nSuites: bookworm\nComponents: non-free\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n',
    );
  });

  it('reads the one-line format of sources.list, with or without signed-by', () => {
    const signed = run(
      aptEtc({
        'sources.list':
          '# site mirror\ndeb [arch=amd64 signed-by=/etc/apt/keyrings/site.gpg] https://apt.site.example/debian/ bookworm main contrib\ndeb-src https://apt.site.example/debian/ bookworm main\n',
      }),
    );
    expect(signed.status).toBe(0);
    expect(signed.stdout).toContain('URIs: https://apt.site.example/debian/\nSuites: bookworm\nComponents: non-free\nSigned-By: /etc/apt/keyrings/site.gpg\n');
    const unsigned = run(aptEtc({ 'sources.list': 'deb http://ftp.site.example/debian bookworm main\n' }));
    expect(unsigned.stdout).toMatch(/URIs: http:\/\/ftp\.site\.example\/debian\nSuites: bookworm\nComponents: non-free\n$/);
  });

  it('keeps an embedded key block verbatim', () => {
    const key = ' -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mDMEZabc\n -----END PGP PUBLIC KEY BLOCK-----';
    const r = run(
      aptEtc({ 'sources.list.d/site.sources': `Types: deb\nURIs: http://m.example/debian\nSuites: bookworm\nComponents: main\nSigned-By:\n${key}\n` }),
    );
    expect(r.stdout).toContain(`Components: non-free\nSigned-By:\n${key}\n`);
  });

  it('exits 3 when non-free is already enabled, and 1 with a clear line when no source serves the codename', () => {
    expect(run(aptEtc({ 'sources.list.d/debian.sources': deb822.replace('Components: main\n', 'Components: main non-free\n') })).status).toBe(3);
    const none = run(aptEtc({ 'sources.list.d/debian.sources': deb822 }), 'trixie');
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/^apt-non-free-source: no apt source in .* serves Debian trixie main, .*\n$/);
  });
});
