// The data folder and every file VirtLab creates in it are owner-only, even under the usual umask 022.
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knownHostsFile } from '../../../main/config/data-dir.ts';
import { startCore } from '../../../main/core/core.ts';
import { openEncryptedFileStore } from '../../../main/secrets/encrypted-file-store.ts';
import { Secret } from '../../../main/secrets/secret.ts';
import { KnownHostsFile } from '../../../main/ssh/known-hosts/known-hosts-file.ts';

/** Every folder and file under root (root included), with its permission bits. */
function modes(root: string): Map<string, number> {
  const out = new Map<string, number>([['.', statSync(root).mode & 0o777]]);
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      out.set(name, statSync(path).mode & 0o777);
      if (entry.isDirectory()) walk(path, name);
    }
  };
  walk(root, '');
  return out;
}

/** An SSH ed25519 public key blob: string "ssh-ed25519", string key (RFC 8709). */
function ed25519Blob(): Buffer {
  const raw = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  return Buffer.concat([str(Buffer.from('ssh-ed25519')), str(raw)]);
}

let umask: number;
beforeEach(() => {
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
});

describe('the data folder', () => {
  it('is created 0700 with its parents, and the database, its WAL, known_hosts and the secrets file 0600', async () => {
    const parent = join(mkdtempSync(join(tmpdir(), 'vl-modes-')), 'home', '.config');
    const dataDir = join(parent, 'VirtLab');
    const core = startCore({ dataDir, host: 'bridge' });
    try {
      await core.handlers['hosts.add']({ name: 'node01', address: '192.0.2.1', port: 22, user: 'admin', auth: { kind: 'agent' }, jump: [], tags: [] });
      await new KnownHostsFile(knownHostsFile(dataDir)).add('192.0.2.1', 22, ed25519Blob());
      await openEncryptedFileStore({ path: join(dataDir, 'secrets.enc'), passphrase: new Secret('correct horse battery staple'), create: true });
      const seen = modes(dataDir);
      // What a running core has created, checked while it runs (SQLite removes the WAL when the last connection closes).
      expect([...seen.keys()].sort()).toEqual(['.', 'known_hosts', 'secrets.enc', 'virtlab.db', 'virtlab.db-shm', 'virtlab.db-wal']);
      for (const [name, mode] of seen) expect([name, mode.toString(8)]).toEqual([name, name === '.' ? '700' : '600']);
      expect((statSync(parent).mode & 0o777).toString(8)).toBe('700');
    } finally {
      await core.close();
    }
    for (const [name, mode] of modes(dataDir)) expect([name, mode.toString(8)]).toEqual([name, name === '.' ? '700' : '600']);
  });

  it('tightens a database and WAL that an earlier version left readable by others', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vl-modes-'));
    await startCore({ dataDir, host: 'bridge' }).close();
    for (const name of ['virtlab.db', 'virtlab.db-wal']) {
      writeFileSync(join(dataDir, name), '', { flag: 'a' });
      chmodSync(join(dataDir, name), 0o644);
    }
    const core = startCore({ dataDir, host: 'bridge' });
    try {
      for (const name of ['virtlab.db', 'virtlab.db-wal', 'virtlab.db-shm']) expect((statSync(join(dataDir, name)).mode & 0o777).toString(8)).toBe('600');
    } finally {
      await core.close();
    }
  });
});
