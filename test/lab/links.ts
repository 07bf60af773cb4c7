// Which interfaces carry an endpoint's traffic: both ends of its veth (for shaping and link faults).
import * as C from './config.ts';
import type { LabConfig } from './config.ts';
import type { LabEndpointAny } from './inventory.ts';
import type { LinkEnd } from './shape.ts';

export function linkEnds(c: LabConfig, e: LabEndpointAny): LinkEnd[] {
  if (e.kind === 'host') return [{ dev: e.veth }, { ns: e.netns, dev: C.NS_IFACE }];
  if (e.network !== 'veth') throw new Error(`${e.name} uses ${e.network}: it has no veth of its own (shape or fault its host)`);
  return [
    { ns: e.host, dev: C.GUEST_VETH_HOST_SIDE },
    { ns: e.netns, dev: C.NS_IFACE },
  ];
}

/** The end whose state decides the link: the bridge port for a host, the host-side veth for a guest. */
export function outerEnd(c: LabConfig, e: LabEndpointAny): LinkEnd {
  return linkEnds(c, e)[0]!;
}
