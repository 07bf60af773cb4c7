// Test helper: real host keys from ssh-keygen, and running ssh-keygen against known_hosts files.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RealKey {
  path: string;
  pubPath: string;
  keyType: string;
  base64: string;
  blob: Buffer;
}

export function tempDir(prefix = 'virtlab-kh-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function generateKey(dir: string, name: string, type: 'ed25519' | 'rsa' | 'ecdsa', bits?: number): RealKey {
  const path = join(dir, name);
  const args = ['-q', '-t', type, '-N', '', '-C', `${name}@test`, '-f', path];
  if (bits) args.push('-b', String(bits));
  execFileSync('ssh-keygen', args, { stdio: 'ignore' });
  const [keyType, base64] = readFileSync(`${path}.pub`, 'utf8').trim().split(' ');
  return { path, pubPath: `${path}.pub`, keyType: keyType!, base64: base64!, blob: Buffer.from(base64!, 'base64') };
}

/** `ssh-keygen -lf file`: "<bits> SHA256:... comment (TYPE)". */
export function keygenFingerprintLine(pubPath: string): string {
  return execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pubPath], { encoding: 'utf8' }).trim();
}

/** Line numbers `ssh-keygen -F host -f file` reports, or [] when it finds nothing. */
export function keygenFind(file: string, host: string): number[] {
  const r = spawnSync('ssh-keygen', ['-F', host, '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  return [...r.stdout.matchAll(/^# Host .* found: line (\d+)/gm)].map((m) => Number(m[1]));
}
