// The MPI ssh_config is generated from endpoint addresses and users: a value that could add a directive is refused
// before anything is run on a host (the endpoint here has no session at all: reaching it would fail differently).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDIT_KEYS, installMpiKeys } from '../../../../main/runner/mpi/keys.ts';
import type { BenchEndpoint } from '../../../../main/runner/remote.ts';

const endpoint = (address: string, user = 'root') => ({ name: 'e1', host: undefined as unknown as BenchEndpoint['host'], address, user });

describe('installMpiKeys', () => {
  it('refuses an address or user that would inject an ssh_config directive', async () => {
    await expect(installMpiKeys('k1', [{ endpoint: endpoint('10.0.0.1\nProxyCommand touch /tmp/x'), port: 22 }])).rejects.toThrow(
      'address or user is not a plain name',
    );
    await expect(installMpiKeys('k1', [{ endpoint: endpoint('10.0.0.1', 'root\nProxyCommand x'), port: 22 }])).rejects.toThrow(
      'address or user is not a plain name',
    );
  });
});

// The authorized_keys edit, run by the local sh over a home of its own: many edits at once (two VirtLab processes
// installing and removing keys on one host) each keep every other key's line.
describe('authorized_keys edits at once', () => {
  const edit = (home: string, tag: string, file: string) =>
    new Promise<number | null>((resolve) => {
      const p = spawn('sh', ['-c', `${EDIT_KEYS}\nedit_keys "$1" "$2"`, 'edit', tag, file], { env: { ...process.env, HOME: home }, stdio: 'ignore' });
      p.on('close', resolve);
    });
  const lines = (home: string) =>
    readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8')
      .split('\n')
      .filter(Boolean);

  it('keep every other key: 24 installs at once, then 12 removals at once', async () => {
    const home = mkdtempSync(join(tmpdir(), 'virtlab-keys-'));
    try {
      mkdirSync(join(home, '.ssh'));
      writeFileSync(join(home, '.ssh', 'authorized_keys'), 'ssh-ed25519 AAAAlab the-lab-key\n');
      const tags = Array.from({ length: 24 }, (_, i) => `virtlab-mpi-vl-${String(i).padStart(16, '0')}`);
      for (const t of tags) writeFileSync(join(home, `${t}.pub`), `ssh-ed25519 AAAA${t.slice(-4)} ${t}\n`);
      expect(await Promise.all(tags.map((t) => edit(home, t, join(home, `${t}.pub`))))).toEqual(tags.map(() => 0));
      expect(lines(home).sort()).toEqual(['ssh-ed25519 AAAAlab the-lab-key', ...tags.map((t) => `ssh-ed25519 AAAA${t.slice(-4)} ${t}`)].sort());
      const gone = tags.filter((_, i) => i % 2 === 0);
      expect(await Promise.all(gone.map((t) => edit(home, t, '/dev/null')))).toEqual(gone.map(() => 0));
      expect(lines(home).sort()).toEqual(
        ['ssh-ed25519 AAAAlab the-lab-key', ...tags.filter((t) => !gone.includes(t)).map((t) => `ssh-ed25519 AAAA${t.slice(-4)} ${t}`)].sort(),
      );
      expect(readdirSync(join(home, '.ssh')).filter((f) => f.includes('.virtlab.'))).toEqual([]); // no temporary file left
      expect(statSync(join(home, '.ssh', 'authorized_keys')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);
});
