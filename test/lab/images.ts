// The lab's benchmark images (main/platforms/image/), built once on this machine and cached outside every checkout
// and lab instance, so no test ever rebuilds them. `node bin/run-ts.mjs test/lab/cli.ts images` builds them ahead.
import { ensureImage, type ImageRef } from '../../main/platforms/image/build.ts';
import { localCommandHost } from '../../main/platforms/image/image-host.ts';
import type { ImageKind } from '../../main/platforms/image/recipe.ts';
import { ensureVmDisk, type VmDisk } from '../../main/platforms/qemu/disk.ts';

export const LAB_IMAGE_DIR = process.env.VIRTLAB_LAB_IMAGES ?? '/var/lib/virtlab-lab/images';

/** The lab's cached image, built when absent. The cache is trusted (its checksum file, not a re-hash): tests read it often. */
export function labImage(kind: ImageKind, onProgress?: (line: string) => void): Promise<ImageRef> {
  return ensureImage(localCommandHost('this machine'), kind, { dir: LAB_IMAGE_DIR, verify: false, ...(onProgress ? { onProgress } : {}) });
}

/** The QEMU VMs' base disk (ext4 + kernel + initramfs) made from the cached VM image; made once, then only read. */
export async function labVmDisk(): Promise<VmDisk> {
  return ensureVmDisk(localCommandHost('this machine'), (await labImage('vm')).path);
}
