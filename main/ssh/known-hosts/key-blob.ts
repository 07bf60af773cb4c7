// An SSH public key blob (RFC 4253 wire format): its type name and the fingerprint OpenSSH prints for it.
import { createHash } from 'node:crypto';

/** `SHA256:` + unpadded base64 of sha256(blob): the same text `ssh-keygen -lf` and ssh's prompts show. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside the blob (its first SSH string), e.g. `ssh-ed25519`; throws on a malformed blob. */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) throw new Error('malformed SSH public key: too short');
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) throw new Error('malformed SSH public key: bad type length');
  const type = blob.subarray(4, 4 + len).toString('latin1');
  if (!/^[\x21-\x7e]+$/.test(type)) throw new Error('malformed SSH public key: bad type name');
  return type;
}

/** Decodes the base64 key field of a known_hosts or .pub line, checking it holds a key of the named type. */
export function decodeKeyField(keyType: string, base64: string): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new Error('key is not base64');
  const blob = Buffer.from(base64, 'base64');
  const inner = keyTypeOfBlob(blob);
  if (inner !== keyType) throw new Error(`key field says ${keyType} but the key inside is ${inner}`);
  return blob;
}

/** Short family name as ssh-keygen prints it: ED25519, RSA, ECDSA, ... */
export function keyFamily(keyType: string): string {
  if (keyType === 'ssh-ed25519') return 'ED25519';
  if (keyType === 'ssh-rsa') return 'RSA';
  if (keyType.startsWith('ecdsa-sha2-')) return 'ECDSA';
  if (keyType === 'ssh-dss') return 'DSA';
  if (keyType.startsWith('sk-ssh-ed25519')) return 'ED25519-SK';
  if (keyType.startsWith('sk-ecdsa-')) return 'ECDSA-SK';
  return keyType;
}
