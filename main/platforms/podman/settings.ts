// What a Podman platform is made of, stored with the platform and copied into each run's provenance.
import { z } from 'zod';
import { guestFields, imageFields, subnet16 } from '../common/settings.ts';

export const PODMAN_NETWORKS = ['bridge', 'slirp4netns', 'host', 'pasta'] as const;

export const podmanSettings = z
  .object({
    ...imageFields,
    rootless: z.boolean().default(false).describe("Not supported yet: refused before any run. Off: root's Podman, through a root login on the hosts."),
    /** bridge: an internal netavark network per host (no NAT), peers routed to it; slirp4netns: the host's address plus
     * published ports; host: the host's own network stack; pasta: only where the Podman version has it (4.4+). */
    network: z
      .enum(PODMAN_NETWORKS)
      .default('bridge')
      .describe(
        "bridge: an internal network per host, no NAT; slirp4netns: the host's address and published ports; host: the host's own network; pasta: as slirp4netns, on Podman 4.4 or later only (Debian 12 has 4.3: refused before any run).",
      ),
    subnet: subnet16('10.89.0.0/16'),
    ...guestFields([20865, 20866]),
  })
  .strict();
export type PodmanSettings = z.infer<typeof podmanSettings>;
