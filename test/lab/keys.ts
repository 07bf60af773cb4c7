// The lab key pair, per-endpoint host keys, their SHA256 fingerprints and OpenSSH known_hosts lines.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { run } from './exec.ts';

/** Creates an unencrypted ed25519 key at path unless it already exists (so host keys survive `up` reruns). */
export async function ensureKey(path: string, comment: string): Promise<void> {
  if (existsSync(path) && existsSync(`${path}.pub`)) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
}

/** "ssh-ed25519 AAAA..." without the comment. */
export function publicKeyLine(pubPath: string): string {
  const [type, blob] = readFileSync(pubPath, 'utf8').trim().split(/\s+/);
  if (!type || !blob) throw new Error(`malformed public key ${pubPath}`);
  return `${type} ${blob}`;
}

/** "SHA256:..." exactly as `ssh-keygen -lf` prints it: base64 of the blob's digest, without padding. */
export function fingerprint(keyLine: string): string {
  const blob = keyLine.trim().split(/\s+/)[1];
  if (!blob) throw new Error('malformed public key line');
  const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/** One known_hosts line; a non-22 port uses OpenSSH's "[addr]:port" form. */
export function knownHostsLine(names: string[], port: number, keyLine: string): string {
  const hostPatterns = names.map((n) => (port === 22 ? n : `[${n}]:${port}`));
  return `${hostPatterns.join(',')} ${keyLine}`;
}
