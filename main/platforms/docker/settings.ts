// What a Docker platform is made of, stored with the platform and copied into each run's provenance.
import { z } from 'zod';

const absPath = z.string().min(2).max(1024).regex(/^\/[^\0]*$/, 'an absolute path');
const port = z.number().int().min(1024).max(65535);

export const DOCKER_NETWORKS = ['bridge', 'published', 'host'] as const;

export const dockerSettings = z.object({
  /** An image the daemon already has (`docker images`), or the name VirtLab gives the archive it imports. */
  image: z.string().min(1).max(300).regex(/^[a-z0-9][a-z0-9._/:@-]*$/, 'an image reference: lower-case letters, digits and . _ / : @ -'),
  /** A root file system tarball on each host (the Debian rootfs recipe) that VirtLab imports as `image` (`docker import`). */
  imageArchive: absPath.optional(),
  /** Keep an image VirtLab imported after the campaign (by default it is removed with everything else). */
  keepImage: z.boolean().default(false),
  /** bridge: an internal Docker network per host (no NAT), peers routed to it through the hosts; published: the same
   * network, peers at the host's address and `ports` published by Docker's userland proxy; host: the host's own stack. */
  network: z.enum(DOCKER_NETWORKS).default('bridge'),
  /** bridge/published: host i's containers get subnet i of this /16 (a /24 each); must not overlap the hosts' networks. */
  subnet: z.string().regex(/^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/, 'a /16 such as 10.90.0.0/16').default('10.90.0.0/16'),
  /** published: host ports published to the same port in the container; a server role (netserver) uses these. */
  ports: z.array(port).max(16).default([20875, 20876]),
  cpus: z.number().positive().max(4096).optional(),
  memoryMiB: z.number().int().min(16).max(16 * 1024 * 1024).optional(),
  privileged: z.boolean().default(false),
  mounts: z.array(z.object({ source: absPath, target: absPath, readOnly: z.boolean().default(false) }).strict()).max(32).default([]),
  /** Where IOzone (any scratch-folder benchmark) writes: the container's own file system (overlay2), or a bind-mounted host folder. */
  iozoneWrites: z.enum(['container', 'host-folder']).default('container'),
}).strict();
export type DockerSettings = z.infer<typeof dockerSettings>;
