// The lab's base image (the recipe's Debian root file system tarball, main/platforms/image/) in both OCI runtimes of a
// lab instance: each host's dockerd (test/lab/docker.ts, started before) tagged with the tarball's checksum, and the
// machine's Podman storage (shared by every lab host) under its own name, the way the providers import an archive.
import { importArgv } from '../../main/platforms/podman/provider.ts';
import { execIn } from './api.ts';
import { dockerImport } from './docker.ts';
import { labImage } from './images.ts';
import type { LabInventory } from './inventory.ts';

export interface OciBaseImages {
  /** The tarball. */
  archive: string;
  /** The image's name in Podman's storage. */
  podman: string;
  /** Its name in each host's dockerd. */
  docker: string;
}

/** Imports the base tarball where it is not yet (a kept data root or storage reuses it). */
export async function ociBaseImages(inv: LabInventory): Promise<OciBaseImages> {
  const base = await labImage('base');
  const docker = `virtlab-lab-base:${base.sha256.slice(0, 12)}`;
  await dockerImport(inv, base.path, docker);
  const h = inv.hosts[0]!;
  if ((await execIn(h, ['sh', '-c', 'podman image exists "$1" && echo yes || echo no', 'x', base.name])).trim() !== 'yes')
    await execIn(h, importArgv(base.path, base.name));
  return { archive: base.path, podman: base.name, docker };
}
