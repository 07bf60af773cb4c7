import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSshConfig } from '../../../main/hosts/ssh-config-import.ts';

function fakeHome(files: Record<string, string>): string {
  const home = mkdtempSync(join(tmpdir(), 'virtlab-home-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(home, rel, '..'), { recursive: true });
    writeFileSync(join(home, rel), text);
  }
  return home;
}

const config = `# Cluster access
Include conf.d/*.conf

Host bastion
    HostName bastion.example.org
    User admin
    Port 2201
    ProxyJump none

Host node01 node02 node03
    HostName %h.cluster.internal
    IdentityFile ~/.ssh/cluster_ed25519
    IdentityFile ~/.ssh/other

Host node*
    ProxyJump bastion

Host kvm-guest1
    HostName 192.168.122.10
    ProxyJump bastion,node01
    User=guestadmin

Host far
    HostName far.example.org
    ProxyJump ops@relay.example.org:2022

Host *.lab !bad.lab
    User labuser

Host weird[1]
    HostName 10.0.0.9

MATCH_EXEC_BLOCK

Host *
    User root
    Port 22
    ServerAliveInterval 30
`;

// Our import must never run `Match exec`; ssh -G would, so the comparison with ssh uses the config without it.
const marker = join(mkdtempSync(join(tmpdir(), 'virtlab-marker-')), 'match-exec-ran');
const withMatchExec = config.replace('MATCH_EXEC_BLOCK', `Match exec "touch ${marker}"\n    User pwned`);
const withoutMatch = config.replace('MATCH_EXEC_BLOCK', '');

describe('importSshConfig', () => {
  it('turns concrete Host names into records with OpenSSH first-match values', async () => {
    const home = fakeHome({ '.ssh/conf.d/10-gpu.conf': 'Host gpu01\n  HostName 10.9.0.1\n  Port 2222\n', '.ssh/conf.d/skip.txt': 'Host notme\n' });
    const result = await importSshConfig(withMatchExec, { homeDir: home, defaultUser: 'me' });
    const by = Object.fromEntries(result.hosts.map((h) => [h.name, h]));

    expect(by.bastion).toEqual({ name: 'bastion', address: 'bastion.example.org', port: 2201, user: 'admin', auth: { kind: 'agent' }, jump: [], tags: [] });
    expect(by.node02).toEqual({
      name: 'node02',
      address: 'node02.cluster.internal',
      port: 22,
      user: 'root',
      auth: { kind: 'key', keyPath: join(home, '.ssh/cluster_ed25519') },
      jump: ['bastion'],
      tags: [],
    });
    expect(by['kvm-guest1']).toMatchObject({ address: '192.168.122.10', user: 'guestadmin', jump: ['bastion', 'node01'] });
    // Included file, relative to ~/.ssh, only the *.conf match.
    expect(by.gpu01).toMatchObject({ address: '10.9.0.1', port: 2222, user: 'root' });
    expect(by.notme).toBeUndefined();
    // A hop without its own Host block becomes a record of its own.
    expect(by.far).toMatchObject({ jump: ['relay.example.org-ops-2022'] });
    expect(by['relay.example.org-ops-2022']).toMatchObject({ address: 'relay.example.org', user: 'ops', port: 2022 });
    // Wildcard blocks contribute defaults only; names that cannot be host names are reported, not dropped silently.
    expect(Object.keys(by).some((n) => n.includes('*'))).toBe(false);
    expect(result.skipped).toEqual([{ name: 'weird[1]', reason: expect.stringContaining('not a usable host name') }]);
    expect(result.warnings).toContain('Match blocks are not evaluated (only Host blocks are)');
    expect(result.warnings.some((w) => w.startsWith('node01: 2 IdentityFile entries'))).toBe(true);
    expect(existsSync(marker)).toBe(false);
    // Control: the same text does make OpenSSH run the command, so the check above is not vacuous.
    writeFileSync(join(home, '.ssh/config'), withMatchExec);
    execFileSync('ssh', ['-G', '-F', join(home, '.ssh/config'), 'gpu01'], { stdio: 'ignore', env: { ...process.env, HOME: home } });
    expect(existsSync(marker)).toBe(true);
  });

  it('agrees with `ssh -G` on address, user, port and first identity', async () => {
    const home = fakeHome({ '.ssh/config': withoutMatch, '.ssh/conf.d/10-gpu.conf': 'Host gpu01\n  HostName 10.9.0.1\n  Port 2222\n' });
    const result = await importSshConfig(withoutMatch, { homeDir: home, defaultUser: 'me' });
    let compared = 0;
    for (const h of result.hosts.filter((x) => ['bastion', 'node01', 'kvm-guest1', 'gpu01', 'far'].includes(x.name))) {
      // ssh -G only prints the resolved config; it never connects. HOME points Include and ~ at the fake home.
      const out = execFileSync('ssh', ['-G', '-F', join(home, '.ssh/config'), h.name], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, HOME: home },
      });
      const opt = (k: string): string | undefined =>
        out
          .split('\n')
          .find((l) => l.startsWith(`${k} `))
          ?.slice(k.length + 1);
      expect(h.address, h.name).toBe(opt('hostname'));
      expect(String(h.port), h.name).toBe(opt('port'));
      expect(h.user, h.name).toBe(opt('user'));
      if (h.auth.kind === 'key') expect(opt('identityfile')?.replace(/^~/, home)).toBe(h.auth.keyPath);
      compared++;
    }
    expect(compared).toBe(5);
  });

  it('reports a ProxyJump loop instead of recursing', async () => {
    const result = await importSshConfig('Host *\n  ProxyJump relay\n', { homeDir: fakeHome({}), defaultUser: 'me', includes: false });
    expect(result.hosts).toEqual([]);
    const loop = await importSshConfig('Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n', { homeDir: fakeHome({}), defaultUser: 'me' });
    // Each alias refers to the other by name: records are made, and the host set check reports the loop.
    expect(loop.hosts.map((h) => [h.name, h.jump])).toEqual([
      ['a', ['b']],
      ['b', ['a']],
    ]);
  });
});
