import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEncryptedFileStore } from '../../../main/secrets/encrypted-file-store.ts';
import { Secret } from '../../../main/secrets/secret.ts';

const kdf = { N: 2 ** 14, r: 8, p: 1 }; // the format's minimum: keeps the test fast
const dir = mkdtempSync(join(tmpdir(), 'virtlab-secrets-'));
const PW = 'correct horse battery';

describe('encrypted file store', () => {
  it('round-trips secrets across opens, and the file holds neither values nor names', async () => {
    const path = join(dir, 'a', 'secrets.json');
    const s = await openEncryptedFileStore({ path, passphrase: new Secret(PW), create: true, kdf });
    await s.set('host:node01:password', 'Sup3r-s3cret-value');
    await s.set('sudo:node02', 'another-one');
    const raw = readFileSync(path, 'utf8');
    for (const leak of ['Sup3r', 'another-one', 'node01', 'sudo']) expect(raw).not.toContain(leak);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(raw)).toMatchObject({ format: 'virtlab-secrets', version: 1, cipher: 'aes-256-gcm', kdf: { name: 'scrypt', N: 2 ** 14 } });

    const again = await openEncryptedFileStore({ path, passphrase: PW });
    expect(await again.list()).toEqual(['host:node01:password', 'sudo:node02']);
    expect((await again.get('host:node01:password'))?.reveal()).toBe('Sup3r-s3cret-value');
    expect(await again.delete('sudo:node02')).toBe(true);
    expect(await (await openEncryptedFileStore({ path, passphrase: PW })).list()).toEqual(['host:node01:password']);
  });

  it('uses a fresh IV on every write', async () => {
    const path = join(dir, 'iv.json');
    const s = await openEncryptedFileStore({ path, passphrase: PW, create: true, kdf });
    const ivs = new Set<string>();
    for (let i = 0; i < 5; i++) {
      await s.set('k', 'same');
      ivs.add((JSON.parse(readFileSync(path, 'utf8')) as { iv: string }).iv);
    }
    expect(ivs.size).toBe(5);
  });

  it('refuses a wrong passphrase and any tampering, without saying more', async () => {
    const path = join(dir, 'tamper.json');
    const s = await openEncryptedFileStore({ path, passphrase: PW, create: true, kdf });
    await s.set('host:x:password', 'v');
    await expect(openEncryptedFileStore({ path, passphrase: 'wrong passphrase' })).rejects.toThrow(/wrong master passphrase, or the file was modified/);
    const body = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { data: string; kdf: { salt: string } };
    const flipped = Buffer.from(body.data, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    writeFileSync(path, JSON.stringify({ ...body, data: flipped.toString('base64') }));
    await expect(openEncryptedFileStore({ path, passphrase: PW })).rejects.toThrow(/wrong master passphrase/);
    // Changing authenticated header fields (the salt) also fails, even with the right passphrase.
    writeFileSync(path, JSON.stringify({ ...body, kdf: { ...body.kdf, salt: Buffer.alloc(16, 7).toString('base64') } }));
    await expect(openEncryptedFileStore({ path, passphrase: PW })).rejects.toThrow(/wrong master passphrase/);
    // Weakening the KDF below the minimum is refused before decrypting.
    writeFileSync(path, JSON.stringify({ ...body, kdf: { ...body.kdf, N: 2 } }));
    await expect(openEncryptedFileStore({ path, passphrase: PW })).rejects.toThrow(/not a supported/);
  });

  it('needs create to make a new file, and a passphrase of at least 8 characters', async () => {
    await expect(openEncryptedFileStore({ path: join(dir, 'none.json'), passphrase: PW })).rejects.toThrow(/no secrets file/);
    await expect(openEncryptedFileStore({ path: join(dir, 'short.json'), passphrase: 'short', create: true, kdf })).rejects.toThrow(/at least 8/);
  });

  it("refuses an authentication tag cut to 12, 8 or 4 bytes, even when it is the right tag's prefix", async () => {
    const path = join(dir, 'short-tag.json');
    await (await openEncryptedFileStore({ path, passphrase: PW, create: true, kdf })).set('host:x:password', 'v');
    const body = JSON.parse(readFileSync(path, 'utf8')) as { tag: string };
    for (const n of [12, 8, 4]) {
      writeFileSync(path, JSON.stringify({ ...body, tag: Buffer.from(body.tag, 'base64').subarray(0, n).toString('base64') }));
      await expect(openEncryptedFileStore({ path, passphrase: PW }), `${n}-byte tag`).rejects.toThrow(/not a supported VirtLab secrets file/);
    }
  });

  it('refuses KDF parameters beyond its bounds before deriving anything', async () => {
    const path = join(dir, 'costly.json');
    await (await openEncryptedFileStore({ path, passphrase: PW, create: true, kdf })).set('host:x:password', 'v');
    const body = JSON.parse(readFileSync(path, 'utf8')) as { kdf: Record<string, unknown> };
    // Cheapest first (256 MiB): a version without bounds derives it and only then fails the tag.
    for (const k of [
      { N: 2 ** 18, r: 8, p: 1 },
      { N: 2 ** 14, r: 8, p: 64 },
      { N: 3 * 2 ** 14, r: 8, p: 1 },
      { N: 2 ** 20, r: 32, p: 1 },
    ]) {
      writeFileSync(path, JSON.stringify({ ...body, kdf: { ...body.kdf, ...k } }));
      await expect(openEncryptedFileStore({ path, passphrase: PW }), JSON.stringify(k)).rejects.toThrow(/not a supported VirtLab secrets file/);
    }
  });
});
