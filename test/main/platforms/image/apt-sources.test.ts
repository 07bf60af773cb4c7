import { describe, expect, it } from 'vitest';
import { debianMirror, parseAptSourceDump } from '../../../../main/platforms/image/apt-sources.ts';

// The shape of this machine's own sources (deb822 with a snapshot comment, a third-party one-line source).
const DEB822 = `Types: deb
# http://snapshot.example/archive/debian/20250520T000000Z
URIs: http://mirror.site.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.site.example/debian-security
Suites: bookworm-security
Components: main
`;

describe('debianMirror', () => {
  it('takes the archive serving the suite with main from deb822 sources', () => {
    expect(debianMirror([{ path: '/etc/apt/sources.list.d/debian.sources', text: DEB822 }], 'bookworm')).toEqual({
      mirror: 'http://mirror.site.example/debian',
    });
  });

  it('reads one-line sources, skipping other suites, comments and other archives', () => {
    const text =
      '# deb http://old.example/debian bookworm main\ndeb https://vendor.example/apt stable main\ndeb [arch=amd64 signed-by=/k.gpg] http://local.example/debian/ bookworm main contrib\n';
    expect(debianMirror([{ path: '/etc/apt/sources.list', text }], 'bookworm')).toEqual({ mirror: 'http://local.example/debian' });
  });

  it('ignores disabled deb822 entries and deb-src', () => {
    const text =
      'Types: deb-src\nURIs: http://a.example/debian\nSuites: bookworm\nComponents: main\n\nTypes: deb\nEnabled: no\nURIs: http://b.example/debian\nSuites: bookworm\nComponents: main\n';
    const r = debianMirror([{ path: '/etc/apt/sources.list.d/x.sources', text }], 'bookworm');
    expect(r).toEqual({ error: expect.stringContaining('no apt source serves Debian bookworm main (read /etc/apt/sources.list.d/x.sources)') });
  });

  it('says so when nothing serves the suite', () => {
    expect(debianMirror([], 'trixie')).toEqual({ error: expect.stringContaining('no apt source serves Debian trixie main (read no apt source files)') });
  });
});

describe('parseAptSourceDump', () => {
  it('splits the dump into the codename and the files', () => {
    const out =
      '### codename bookworm\n### /etc/apt/sources.list.d/debian.sources\nTypes: deb\nURIs: http://m.example/debian\n\n### /etc/apt/sources.list.d/v.list\ndeb http://v.example/apt x main\n\n';
    const d = parseAptSourceDump(out);
    expect(d.codename).toBe('bookworm');
    expect(d.files.map((f) => f.path)).toEqual(['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list.d/v.list']);
    expect(d.files[1]!.text).toBe('deb http://v.example/apt x main\n\n');
  });
});
