// The desktop keychain store over its file: a corrupt file is refused and kept (never read as empty and overwritten),
// and "__proto__" and "constructor" are names like any other. Electron's safeStorage cannot run outside the desktop
// (it needs the OS keyring), so it is stood in for by real AES-256-GCM under a random key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => {
  const key = randomBytes(32);
  return {
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString(plain: string): Buffer {
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', key, iv);
        const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), data]);
      },
      decryptString(sealed: Buffer): string {
        const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
        d.setAuthTag(sealed.subarray(12, 28));
        return Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8');
      },
    },
  };
});
const { createSafeStorageSecretStore } = await import('../../electron/safe-storage-secret-store.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'virtlab-sealed-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const file = () => join(dir, 'secrets.sealed.json');

describe('desktop keychain store', () => {
  it('round-trips secrets, including names an object would treat specially', async () => {
    const s = createSafeStorageSecretStore(dir);
    await s.set('host:a:password', 'one');
    await s.set('__proto__', 'two');
    await s.set('constructor', 'three');
    const again = createSafeStorageSecretStore(dir);
    expect((await again.list()).sort()).toEqual(['__proto__', 'constructor', 'host:a:password']);
    expect((await again.get('__proto__'))?.reveal()).toBe('two');
    expect((await again.get('constructor'))?.reveal()).toBe('three');
    expect(await again.get('toString')).toBeUndefined();
    expect(await again.delete('__proto__')).toBe(true);
    expect(await again.list()).not.toContain('__proto__');
    expect(readFileSync(file(), 'utf8')).not.toContain('two');
  });

  it('answers an unknown "constructor" with nothing instead of throwing', async () => {
    const s = createSafeStorageSecretStore(dir);
    await s.set('host:a:password', 'one');
    expect(await s.get('constructor')).toBeUndefined();
  });

  it('refuses a corrupt file and keeps it byte for byte', async () => {
    for (const corrupt of ['{"host:a:password": "c2VhbGVk", trunc', '"just a string"', '{"host:a:password": 42}']) {
      writeFileSync(file(), corrupt);
      const s = createSafeStorageSecretStore(dir);
      await expect(s.list(), corrupt).rejects.toThrow(/corrupt.*kept as it is/);
      await expect(s.set('host:b:password', 'new'), corrupt).rejects.toThrow(/corrupt/);
      expect(readFileSync(file(), 'utf8')).toBe(corrupt);
    }
  });
});
