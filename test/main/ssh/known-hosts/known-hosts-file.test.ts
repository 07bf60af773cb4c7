import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintSha256 } from '../../../../main/ssh/known-hosts/key-blob.ts';
import { KnownHostsFile } from '../../../../main/ssh/known-hosts/known-hosts-file.ts';
import { importOpenSshKnownHosts } from '../../../../main/ssh/known-hosts/import-openssh.ts';
import { parseKnownHosts, serializeKnownHosts } from '../../../../main/ssh/known-hosts/parse.ts';
import { generateKey, keygenFind, tempDir } from './real-keys.ts';

const dir = tempDir();
const ed = generateKey(dir, 'ed', 'ed25519');
const ed2 = generateKey(dir, 'ed2', 'ed25519');
const ec = generateKey(dir, 'ec', 'ecdsa');
const rsa = generateKey(dir, 'rsa', 'rsa', 2048);
const ca = generateKey(dir, 'ca', 'ed25519');

const sample =
  [
    '# lab nodes',
    '',
    `node01,10.77.0.2 ${ed.keyType} ${ed.base64} root@node01`,
    `[node02]:2222 ${ec.keyType} ${ec.base64}`,
    `@cert-authority *.lab ${ca.keyType} ${ca.base64}`,
    `@revoked * ${rsa.keyType} ${rsa.base64}`,
    '   # indented comment',
    'garbage line',
    `@weird node09 ${ed.keyType} ${ed.base64}`,
  ].join('\n') + '\n';

describe('parse and serialize', () => {
  it('keeps every line byte for byte and classifies them', () => {
    const lines = parseKnownHosts(sample);
    expect(serializeKnownHosts(lines)).toBe(sample);
    expect(lines.map((l) => l.kind)).toEqual(['comment', 'blank', 'entry', 'entry', 'entry', 'entry', 'comment', 'invalid', 'invalid']);
    const first = lines[2];
    expect(first?.kind === 'entry' && first.comment).toBe('root@node01');
    expect(lines[4]?.kind === 'entry' && lines[4].marker).toBe('cert-authority');
    expect(lines[5]?.kind === 'entry' && lines[5].marker).toBe('revoked');
  });

  it('reads CRLF files and writes them back unchanged', () => {
    const crlf = sample.replaceAll('\n', '\r\n');
    const lines = parseKnownHosts(crlf);
    expect(lines.filter((l) => l.kind === 'entry')).toHaveLength(4);
    expect(serializeKnownHosts(lines)).toBe(crlf);
  });
});

describe('KnownHostsFile', () => {
  it('looks up match, mismatch (with stored keys), unknown and revoked', async () => {
    const path = join(tempDir(), 'known_hosts');
    writeFileSync(path, sample);
    const kh = new KnownHostsFile(path);
    expect((await kh.lookup('node01', 22, ed.blob)).status).toBe('match');
    expect((await kh.lookup('10.77.0.2', 22, ed.blob)).status).toBe('match');
    const changed = await kh.lookup('node01', 22, ed2.blob);
    expect(changed).toEqual({ status: 'mismatch', stored: [{ keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(ed.blob), lineNo: 3 }] });
    // Another key type for a known host is unknown, with the known types as a hint.
    const other = await kh.lookup('node01', 22, ec.blob);
    expect(other.status === 'unknown' && other.otherTypes.map((s) => s.keyType)).toEqual(['ssh-ed25519']);
    expect((await kh.lookup('node02', 22, ec.blob)).status).toBe('unknown');
    expect((await kh.lookup('node02', 2222, ec.blob)).status).toBe('match');
    expect((await kh.lookup('anything', 22, rsa.blob)).status).toBe('revoked');
    // The CA key for *.lab does not make its own key acceptable as a plain host key.
    expect((await kh.lookup('x.lab', 22, ca.blob)).status).toBe('unknown');
    expect(await kh.knownKeyTypes('node01', 22)).toEqual(['ssh-ed25519']);
    expect(await kh.lookup('nobody', 22, ed.blob)).toEqual({ status: 'unknown', otherTypes: [] });
  });

  it('adds entries that OpenSSH can read, without touching existing lines', async () => {
    const path = join(tempDir(), 'sub', 'known_hosts');
    const kh = new KnownHostsFile(path);
    await kh.add('node03', 22, ed.blob); // creates the folder and file
    writeFileSync(path, sample + readFileSync(path, 'utf8').trimEnd()); // no final newline on purpose
    await kh.add('node04', 2200, ec.blob);
    await kh.add('node04', 2200, ec.blob); // already there: no duplicate
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(sample)).toBe(true);
    expect(text.split('\n').filter((l) => l.startsWith('[node04]:2200')).length).toBe(1);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    // ssh-keygen -F also lists the `@revoked *` line (6) of the sample for every host.
    expect(keygenFind(path, 'node03')).toEqual([6, 10]);
    expect(keygenFind(path, '[node04]:2200')).toEqual([6, 11]);
    expect((await kh.lookup('node04', 2200, ec.blob)).status).toBe('match');
  });

  it('writes hashed entries when asked, and parallel adds do not duplicate', async () => {
    const path = join(tempDir(), 'known_hosts');
    const kh = new KnownHostsFile(path, { hashHosts: true });
    await Promise.all(Array.from({ length: 8 }, () => kh.add('secret-node', 22, ed.blob)));
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('secret-node');
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(keygenFind(path, 'secret-node')).toEqual([1]);
  });

  it('forgets a host (like ssh-keygen -R) and keeps comments and other hosts', async () => {
    const path = join(tempDir(), 'known_hosts');
    writeFileSync(path, sample);
    const kh = new KnownHostsFile(path);
    const removed = await kh.forget('node01', 22);
    expect(removed.map((r) => r.lineNo)).toEqual([3]);
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(
      sample
        .split('\n')
        .filter((_, i) => i !== 2)
        .join('\n'),
    );
    expect((await kh.lookup('node02', 2222, ec.blob)).status).toBe('match');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});

describe('importOpenSshKnownHosts', () => {
  it('copies matching entries (hashed ones included) once', async () => {
    const d = tempDir();
    const user = join(d, 'user_known_hosts');
    writeFileSync(
      user,
      `node01 ${ed.keyType} ${ed.base64}\n[node02]:2222 ${ec.keyType} ${ec.base64}\nother ${ed2.keyType} ${ed2.base64}\n@revoked * ${rsa.keyType} ${rsa.base64}\n`,
    );
    execFileSync('ssh-keygen', ['-H', '-f', user], { stdio: 'ignore' });
    writeFileSync(user, `${readFileSync(user, 'utf8')}broken\n`); // ssh-keygen -H refuses files with invalid lines
    const ours = new KnownHostsFile(join(d, 'app', 'known_hosts'));
    const wanted = [
      { host: 'node01', port: 22 },
      { host: 'node02', port: 2222 },
    ];
    const first = await importOpenSshKnownHosts(ours, { from: user, hosts: wanted });
    expect(first).toMatchObject({ imported: 3, alreadyPresent: 0 });
    expect(first.skipped.map((s) => s.lineNo)).toEqual([5]);
    expect((await ours.lookup('node01', 22, ed.blob)).status).toBe('match');
    expect((await ours.lookup('node02', 2222, ec.blob)).status).toBe('match');
    expect((await ours.lookup('other', 22, ed2.blob)).status).toBe('unknown');
    expect((await ours.lookup('node01', 22, rsa.blob)).status).toBe('revoked');
    const again = await importOpenSshKnownHosts(ours, { from: user, hosts: wanted });
    expect(again).toMatchObject({ imported: 0, alreadyPresent: 3 });
    const all = await importOpenSshKnownHosts(ours, { from: user });
    expect(all).toMatchObject({ imported: 1, alreadyPresent: 3 });
  });
});
