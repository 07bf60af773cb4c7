import { describe, expect, it } from 'vitest';
import { decodeKeyField, fingerprintSha256, keyFamily, keyTypeOfBlob } from '../../../../main/ssh/known-hosts/key-blob.ts';
import { generateKey, keygenFingerprintLine, tempDir } from './real-keys.ts';

describe('fingerprintSha256 agrees with ssh-keygen -lf', () => {
  const dir = tempDir();
  const cases = [
    ['ed25519', undefined],
    ['rsa', 2048],
    ['rsa', 3072],
    ['ecdsa', 256],
    ['ecdsa', 384],
    ['ecdsa', 521],
  ] as const;
  it.each(cases)('%s %s', (type, bits) => {
    const key = generateKey(dir, `k-${type}-${bits ?? 0}`, type, bits);
    const line = keygenFingerprintLine(key.pubPath);
    const [, fp] = line.split(' ');
    expect(fingerprintSha256(key.blob)).toBe(fp);
    expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyTypeOfBlob(key.blob)).toBe(key.keyType);
    expect(line.endsWith(`(${keyFamily(key.keyType)})`)).toBe(true);
  });
});

describe('decodeKeyField', () => {
  it('rejects a key whose inner type disagrees with the field, and non-base64', () => {
    const key = generateKey(tempDir(), 'k', 'ed25519');
    expect(decodeKeyField('ssh-ed25519', key.base64).equals(key.blob)).toBe(true);
    expect(() => decodeKeyField('ssh-rsa', key.base64)).toThrow(/inside is ssh-ed25519/);
    expect(() => decodeKeyField('ssh-ed25519', 'not base64!')).toThrow(/base64/);
    expect(() => keyTypeOfBlob(Buffer.from([0, 0]))).toThrow(/malformed/);
  });
});
