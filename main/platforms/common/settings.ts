// The settings every image-based container runtime shares (Docker, Podman): the image or the archive it imports,
// the bridge subnet, published ports, limits, privileged, mounts and where IOzone writes. Pure zod: the contract
// reaches it (the wizard draws the fields in the order they are spread).
import { z } from 'zod';

export const absPath = z
  .string()
  .min(2)
  .max(1024)
  .regex(/^\/[^\0]*$/, 'an absolute path');
export const port = z.number().int().min(1024).max(65535);

/** The image: one the runtime has, or a root file system tarball on each host VirtLab imports under that name. */
export const imageFields = {
  image: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[a-z0-9][a-z0-9._/:@-]*$/, 'an image reference: lower-case letters, digits and . _ / : @ -'),
  /** A root file system tarball on each host (the Debian rootfs recipe) that VirtLab imports as `image`. */
  imageArchive: absPath
    .optional()
    .describe('A root file system tarball on each host that VirtLab imports under the name above; empty: the runtime has the image.'),
  /** Keep an image VirtLab imported after the campaign (by default it is removed with everything else). */
  keepImage: z.boolean().default(false).describe('Keep the image VirtLab imported after the campaign (by default it is removed).'),
};

/** Bridge networks: the platform's guests get /28 blocks of this /16 (common/names.ts); it must not overlap the
 * hosts' own networks. */
export const subnet16 = (example: string) =>
  z
    .string()
    .regex(/^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/, `a /16 such as ${example}`)
    .default(example)
    .describe("Bridge networks only: each host's container gets a small block of it; it must not overlap the hosts' own networks.");

/** Published ports, limits, privileged, mounts and where IOzone writes. */
export const guestFields = (defaultPorts: readonly [number, number]) => ({
  /** Host ports published to the same port in the container (slirp4netns, published); a server role (netserver) uses these. */
  ports: z
    .array(port)
    .max(16)
    .default([...defaultPorts])
    .describe('Host ports published to the same port in the container (slirp4netns, published): netserver listens on these.'),
  cpus: z.number().positive().max(4096).optional(),
  memoryMiB: z
    .number()
    .int()
    .min(16)
    .max(16 * 1024 * 1024)
    .optional(),
  privileged: z.boolean().default(false),
  mounts: z
    .array(z.object({ source: absPath, target: absPath, readOnly: z.boolean().default(false) }).strict())
    .max(32)
    .default([]),
  /** Where IOzone (any scratch-folder benchmark) writes: the container's own file system, or a bind-mounted host folder. */
  iozoneWrites: z
    .enum(['container', 'host-folder'])
    .default('container')
    .describe("container: the container's own file system; host-folder: a host folder mounted into it."),
});
