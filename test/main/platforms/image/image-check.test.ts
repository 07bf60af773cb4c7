// A cached image whose checksum file disagrees with its bytes is refused by name, never reused.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { verifiedImage } from '../../../../main/platforms/image/build.ts';
import { localCommandHost } from '../../../../main/platforms/image/image-host.ts';

const dir = mkdtempSync(join(tmpdir(), 'vl-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const host = localCommandHost();

it('accepts a tarball whose checksum matches, is silent about one that is absent, and refuses a corrupt one', async () => {
  const path = join(dir, 'virtlab-base-x.tar');
  expect(await verifiedImage(host, path)).toBeUndefined();
  writeFileSync(path, 'root file system bytes');
  // sha256 of the bytes above
  const sum = (await host.run(['sha256sum', path])).stdout.split(' ')[0]!;
  writeFileSync(`${path}.sha256`, `${sum}\n`);
  expect(await verifiedImage(host, path)).toBe(sum);
  writeFileSync(path, 'root file system bytes, changed');
  await expect(verifiedImage(host, path)).rejects.toThrow(
    /virtlab-base-x\.tar on localhost is corrupt \(checksum [0-9a-f]{64}, recorded [0-9a-f]{64}\); remove it and its \.sha256 to rebuild/,
  );
  // The lab trusts its cache's checksum file without re-hashing (verify=false).
  expect(await verifiedImage(host, path, false)).toBe(sum);
});
