// What a Podman platform is made of, stored with the platform and copied into each run's provenance.
import { z } from 'zod';

const absPath = z.string().min(2).max(1024).regex(/^\/[^\0]*$/, 'an absolute path');
const port = z.number().int().min(1024).max(65535);

export const PODMAN_NETWORKS = ['bridge', 'slirp4netns', 'host', 'pasta'] as const;

export const podmanSettings = z.object({
  /** An image the runtime already has (`podman images`), or the name VirtLab gives the archive it imports. */
  image: z.string().min(1).max(300).regex(/^[a-z0-9][a-z0-9._/:@-]*$/, 'an image reference: lower-case letters, digits and . _ / : @ -'),
  /** A root file system tarball on each host (e.g. from the Debian rootfs recipe) that VirtLab imports as `image`. */
  imageArchive: absPath.optional(),
  /** Keep an image VirtLab imported after the campaign (by default it is removed with everything else). */
  keepImage: z.boolean().default(false),
  rootless: z.boolean().default(false),
  /** bridge: an internal netavark network per host (no NAT), peers routed to it; slirp4netns: the host's address plus
   * published ports; host: the host's own network stack; pasta: only where the Podman version has it (4.4+). */
  network: z.enum(PODMAN_NETWORKS).default('bridge'),
  /** bridge: host i's containers get subnet i of this /16 (a /24 each); must not overlap the hosts' own networks. */
  subnet: z.string().regex(/^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/, 'a /16 such as 10.89.0.0/16').default('10.89.0.0/16'),
  /** slirp4netns: host ports published to the same port in the container; a server role (netserver) uses these. */
  ports: z.array(port).max(16).default([20865, 20866]),
  cpus: z.number().positive().max(4096).optional(),
  memoryMiB: z.number().int().min(16).max(16 * 1024 * 1024).optional(),
  privileged: z.boolean().default(false),
  mounts: z.array(z.object({ source: absPath, target: absPath, readOnly: z.boolean().default(false) }).strict()).max(32).default([]),
  /** Where IOzone (any scratch-folder benchmark) writes: the container's own file system, or a bind-mounted host folder. */
  iozoneWrites: z.enum(['container', 'host-folder']).default('container'),
}).strict();
export type PodmanSettings = z.infer<typeof podmanSettings>;
