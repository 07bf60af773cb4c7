// What an LXC platform is made of, stored with the platform and copied into each run's provenance.
import { z } from 'zod';

const absPath = z
  .string()
  .min(2)
  .max(1024)
  .regex(/^\/[^\0\s]*$/, 'an absolute path without spaces (LXC mount entries are space-separated)');

export const LXC_NETWORKS = ['bridge', 'host'] as const;

export const lxcSettings = z
  .object({
    /** A root file system tarball on each host (the Debian rootfs recipe): VirtLab unpacks it once per host and platform
     * as the read-only lower layer; each container writes to its own overlay upper layer. */
    imageArchive: absPath.describe('A root file system tarball on each host: unpacked once per host, each container writes to its own overlay.'),
    /** Keep the unpacked image after the campaign (a later campaign of the platform reuses it). */
    keepImage: z.boolean().default(false).describe('Keep the unpacked image after the campaign (a later campaign of this platform reuses it).'),
    /** bridge: a veth on a bridge VirtLab makes per host, a static address (no DHCP), no NAT, peers routed through the
     * hosts; host: the host's own network stack. */
    network: z.enum(LXC_NETWORKS).default('bridge').describe("bridge: a bridge per host with static addresses, no NAT; host: the host's own network."),
    /** bridge: the guests get /28 blocks of this /16, one range per campaign (common/names.ts); must not overlap the hosts' own networks. */
    subnet: z
      .string()
      .regex(/^(\d{1,3})\.(\d{1,3})\.0\.0\/16$/, 'a /16 such as 10.91.0.0/16')
      .default('10.91.0.0/16')
      .describe("Bridge only: each host's container gets a small block of it; it must not overlap the hosts' own networks."),
    mounts: z
      .array(z.object({ source: absPath, target: absPath, readOnly: z.boolean().default(false) }).strict())
      .max(32)
      .default([])
      .describe('Host folders bind-mounted into each container: source on the host, target inside.'),
    /** Where IOzone (any scratch-folder benchmark) writes: the container's own file system (overlay), or a bind-mounted host folder. */
    iozoneWrites: z
      .enum(['container', 'host-folder'])
      .default('container')
      .describe(
        "container: the container's own file system (overlay); host-folder: a folder on the host's disk (in VirtLab's folder for the guest) bind-mounted into it. It changes what IOzone measures.",
      ),
  })
  .strict();
export type LxcSettings = z.infer<typeof lxcSettings>;
