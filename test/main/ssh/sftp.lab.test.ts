// SFTP round trip on a lab host: upload and download with progress and sha256 checked on both ends.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { remoteSha256 } from '../../../main/ssh/checksum.ts';
import { exec } from '../../../main/ssh/exec.ts';
import type { ChannelHost, SshPool } from '../../../main/ssh/pool.ts';
import { download, upload } from '../../../main/ssh/sftp.ts';
import { openLab } from './support/lab.ts';

let pool: SshPool;
let host: ChannelHost;
let dir: string;

beforeAll(async () => {
  const lab = await openLab();
  pool = lab.pool();
  host = pool.host(lab.rootEndpoint(lab.inv.guests[0]!));
  dir = mkdtempSync(join(tmpdir(), 'vl-sftp-'));
});
afterAll(async () => {
  await pool.closeAll();
  rmSync(dir, { recursive: true, force: true });
});

it('uploads and downloads 3 MiB with progress, matching sha256 everywhere, and no temp files left', async () => {
  const data = randomBytes(3 * 1024 * 1024 + 17);
  const sha = createHash('sha256').update(data).digest('hex');
  const src = join(dir, 'src.bin');
  writeFileSync(src, data);
  const remote = `vl-sftp-${randomBytes(3).toString('hex')}.bin`;

  const up: number[] = [];
  const u = await upload(host, src, remote, {
    onProgress: (done, total) => {
      expect(total).toBe(data.length);
      up.push(done);
    },
  });
  expect(u).toEqual({ bytes: data.length, sha256: sha });
  expect(up.at(-1)).toBe(data.length);
  expect(up.length).toBeGreaterThan(2);
  expect(await remoteSha256(host, remote)).toBe(sha);

  const back = join(dir, 'back.bin');
  const down: number[] = [];
  const d = await download(host, remote, back, { onProgress: (done) => down.push(done) });
  expect(d).toEqual({ bytes: data.length, sha256: sha });
  expect(readFileSync(back).equals(data)).toBe(true);
  expect(down.at(-1)).toBe(data.length);
  expect(readdirSync(dir).sort()).toEqual(['back.bin', 'src.bin']);

  // Overwriting an existing remote file goes through the atomic rename.
  writeFileSync(src, 'second version\n');
  await upload(host, src, remote);
  const r = await exec(host, ['sh', '-c', 'cat "$1"; ls -a | grep -c virtlab- || true', 'sh', remote]);
  expect(r.stdout).toBe('second version\n0\n');
  await exec(host, ['rm', '-f', '--', remote]);
});

it('fails clearly for a missing remote file and leaves no local temp file', async () => {
  await expect(download(host, '/nonexistent/file', join(dir, 'x.bin'))).rejects.toThrow(/stat \/nonexistent\/file on root@.* failed/);
  expect(readdirSync(dir).filter((f) => f.includes('virtlab'))).toEqual([]);
});
