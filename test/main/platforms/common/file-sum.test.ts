// A big file is hashed once: its sidecar is read back while the file is the same (device, inode, size, mtime, ctime),
// and any change to the file (same size and mtime put back, or a replacement) makes it hashed again. Run by the real
// shell on real files; the QEMU probe built on it still finds a changed base image and refuses it with its sentence.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { FILE_SUM_FN } from '../../../../main/platforms/common/file-sum.ts';
import { localCommandHost } from '../../../../main/platforms/image/image-host.ts';
import { parseProbe, probeArgv } from '../../../../main/platforms/qemu/host-probe.ts';
import { qemuProblems } from '../../../../main/platforms/qemu/problems.ts';
import { qemuSettings } from '../../../../main/platforms/qemu/settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'vl-sum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const host = localCommandHost();
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const sum = async (file: string) => (await host.run(['sh', '-c', `${FILE_SUM_FN}\nvl_sum "$1"`, 'vl-sum-test', file])).stdout.trim();
const sidecar = (file: string) => readFileSync(`${file}.virtlab-sum`, 'utf8').split('\n');
const FAKE = 'a'.repeat(64);

it('hashes a file once, reads the recorded hash back while the file is unchanged, and hashes again after any change', async () => {
  const disk = join(dir, 'disk.ext4');
  writeFileSync(disk, 'disk bytes, first');
  expect(await sum(disk)).toBe(sha('disk bytes, first'));
  const [id, recorded] = sidecar(disk);
  expect(recorded).toBe(sha('disk bytes, first'));
  // Read back, not re-hashed: a recorded value that is not the file's hash is what comes out while the file is the same.
  writeFileSync(`${disk}.virtlab-sum`, `${id}\n${FAKE}\n`);
  expect(await sum(disk)).toBe(FAKE);

  // Same size, mtime put back: the ctime moved, so the file is hashed again and the record replaced.
  const { mtime } = statSync(disk);
  writeFileSync(disk, 'disk bytes, other');
  utimesSync(disk, mtime, mtime);
  expect(await sum(disk)).toBe(sha('disk bytes, other'));
  expect(sidecar(disk)[1]).toBe(sha('disk bytes, other'));

  // Another file put in its place (a new inode) is hashed too.
  writeFileSync(`${disk}.virtlab-sum`, `${sidecar(disk)[0]}\n${FAKE}\n`);
  writeFileSync(join(dir, 'new'), 'disk bytes, other');
  renameSync(join(dir, 'new'), disk);
  expect(await sum(disk)).toBe(sha('disk bytes, other'));
  // Nothing but the file and its sidecar (no temporary file left).
  expect(
    (await host.run(['ls', '-A', dir])).stdout
      .trim()
      .split('\n')
      .filter((n) => n.startsWith('disk')),
  ).toEqual(['disk.ext4', 'disk.ext4.virtlab-sum']);
  expect(await host.run(['sh', '-c', `${FILE_SUM_FN}\nvl_sum "$1"`, 'vl-sum-test', join(dir, 'absent')])).toMatchObject({ code: 1, stdout: '' });
});

it("the QEMU probe reports a base image's hash through it, and a changed image is refused as corrupt", async () => {
  const disk = join(dir, 'base.raw');
  writeFileSync(disk, 'base image bytes');
  const s = qemuSettings.parse({
    addresses: ['10.237.1.3'],
    authorizedKeys: ['ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMm2hY3Jp0m6f3o0gq8S1u7cG6b8bB8xw0Fv1kQv3Q0a virtlab'],
    accelerator: 'tcg',
    image: { source: 'file', path: disk, format: 'raw', sha256: sha('base image bytes'), kernel: disk, initrd: disk },
  });
  const problems = async () => {
    const r = await host.run(probeArgv(s));
    expect(r.code).toBe(0);
    const probe = parseProbe(r.stdout);
    // Only the image's sentences: this machine's tools, uid and memory are not what is tested here.
    return qemuProblems(s, [{ name: 'h01', address: '10.237.0.11', probe }], new Set()).filter((p) => p.includes(disk));
  };
  expect(await problems()).toEqual([]);
  expect(sidecar(disk)[1]).toBe(sha('base image bytes'));
  const { mtime } = statSync(disk);
  writeFileSync(disk, 'base image bytez');
  utimesSync(disk, mtime, mtime);
  expect(await problems()).toEqual([
    `host h01: base image ${disk} is corrupt or another file (sha256 ${sha('base image bytez')}, expected ${sha('base image bytes')})`,
  ]);
  // prepare's probe leaves the image out: the start check looked at it.
  expect(parseProbe((await host.run(probeArgv(s, { image: false }))).stdout).image).toBeUndefined();
});
