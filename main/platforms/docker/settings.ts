// What a Docker platform is made of, stored with the platform and copied into each run's provenance.
import { z } from 'zod';
import { guestFields, imageFields, subnet16 } from '../common/settings.ts';

export const DOCKER_NETWORKS = ['bridge', 'published', 'host'] as const;

export const dockerSettings = z
  .object({
    ...imageFields,
    /** bridge: an internal Docker network per host (no NAT), peers routed to it through the hosts; published: the same
     * network, peers at the host's address and `ports` published by Docker's userland proxy; host: the host's own stack. */
    network: z
      .enum(DOCKER_NETWORKS)
      .default('bridge')
      .describe("bridge: an internal network per host, no NAT; published: the host's address and published ports; host: the host's own network."),
    subnet: subnet16('10.90.0.0/16'),
    ...guestFields([20875, 20876]),
  })
  .strict();
export type DockerSettings = z.infer<typeof dockerSettings>;
