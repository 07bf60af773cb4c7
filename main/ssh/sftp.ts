// File transfer over SFTP: progress callbacks, sha256 checked on both ends, and a temporary name plus
// rename so the destination is either the old file or the complete new one, never a partial copy.
import { randomBytes } from 'node:crypto';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import type { Client, SFTPWrapper } from 'ssh2';
import { localSha256, remoteSha256 } from './checksum.ts';
import { SshError } from './errors.ts';
import type { ChannelHost } from './pool.ts';

export interface TransferOptions {
  onProgress?: (transferred: number, total: number) => void;
  signal?: AbortSignal;
}

export interface TransferResult {
  bytes: number;
  sha256: string;
}

const tempName = (dir: string, base: string, join2: (a: string, b: string) => string) => join2(dir, `.${base}.virtlab-${randomBytes(5).toString('hex')}.part`);

function openSftp(client: Client, label: string): Promise<SFTPWrapper> {
  return new Promise((resolve, reject) => {
    client.sftp((err, sftp) => (err ? reject(new SshError('channel', `cannot open SFTP on ${label}: ${err.message}`, label)) : resolve(sftp)));
  });
}

/** Runs fn on an SFTP session that is closed afterwards (it holds one of the host's channels). */
async function withSftp<T>(host: ChannelHost, fn: (sftp: SFTPWrapper) => Promise<T>, signal?: AbortSignal): Promise<T> {
  return host.withClient(
    async (client) => {
      const sftp = await openSftp(client, host.label);
      const onAbort = () => sftp.end();
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await fn(sftp);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        sftp.end();
      }
    },
    signal ? { signal } : {},
  );
}

const call = <T = void>(label: string, what: string, f: (cb: (err: Error | null | undefined, v?: T) => void) => void): Promise<T> =>
  new Promise((resolve, reject) =>
    f((err, v) => (err ? reject(new SshError('remote', `${what} on ${label} failed: ${err.message}`, label)) : resolve(v as T))),
  );

export async function upload(host: ChannelHost, localPath: string, remotePath: string, opts: TransferOptions = {}): Promise<TransferResult> {
  const { size } = await stat(localPath);
  const sha256 = await localSha256(localPath);
  const tmp = tempName(posix.dirname(remotePath), posix.basename(remotePath), posix.join);
  await withSftp(
    host,
    (sftp) => call(host.label, `uploading ${localPath} to ${tmp}`, (cb) => sftp.fastPut(localPath, tmp, { step: (done) => opts.onProgress?.(done, size) }, cb)),
    opts.signal,
  );
  let remote: string;
  try {
    remote = await remoteSha256(host, tmp);
  } catch (e) {
    await withSftp(host, (sftp) => call(host.label, 'removing a partial upload', (cb) => sftp.unlink(tmp, cb))).catch(() => {});
    throw e;
  }
  await withSftp(host, async (sftp) => {
    if (remote !== sha256) {
      await call(host.label, 'removing a corrupt upload', (cb) => sftp.unlink(tmp, cb)).catch(() => {});
      throw new SshError('remote', `checksum mismatch uploading ${localPath} to ${host.label}:${remotePath} (local ${sha256}, remote ${remote})`, host.label);
    }
    // posix-rename replaces an existing file atomically; plain SFTP rename refuses to overwrite.
    await call(host.label, `renaming ${tmp} to ${remotePath}`, (cb) => sftp.ext_openssh_rename(tmp, remotePath, cb));
  });
  opts.onProgress?.(size, size);
  return { bytes: size, sha256 };
}

export async function download(host: ChannelHost, remotePath: string, localPath: string, opts: TransferOptions = {}): Promise<TransferResult> {
  const tmp = tempName(dirname(localPath), basename(localPath), join);
  let total = 0;
  try {
    await withSftp(
      host,
      async (sftp) => {
        const st = await call<{ size: number }>(host.label, `stat ${remotePath}`, (cb) => sftp.stat(remotePath, cb as never));
        total = st.size;
        await call(host.label, `downloading ${remotePath}`, (cb) => sftp.fastGet(remotePath, tmp, { step: (done) => opts.onProgress?.(done, total) }, cb));
      },
      opts.signal,
    );
    const [local, remote] = await Promise.all([localSha256(tmp), remoteSha256(host, remotePath)]);
    if (local !== remote) {
      throw new SshError(
        'remote',
        `checksum mismatch downloading ${host.label}:${remotePath} (remote ${remote}, local ${local}); the file may have changed during the copy`,
        host.label,
      );
    }
    await rename(tmp, localPath);
    opts.onProgress?.(total, total);
    return { bytes: (await stat(localPath)).size, sha256: local };
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw e;
  }
}
