// sha256 of a local file (node:crypto) and of a remote file (sha256sum over exec).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { SshError } from './errors.ts';
import { exec } from './exec.ts';
import type { ChannelHost } from './pool.ts';

export async function localSha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export async function remoteSha256(host: ChannelHost, path: string): Promise<string> {
  const r = await exec(host, ['sha256sum', '--', path], { timeoutMs: 600_000 });
  const hex = r.stdout.trim().split(/\s+/)[0] ?? '';
  if (r.code !== 0 || !/^[0-9a-f]{64}$/.test(hex)) {
    throw new SshError('remote', `sha256sum of ${path} on ${host.label} failed: ${r.stderr.trim() || `exit ${r.code}`}`, host.label);
  }
  return hex;
}
