// What it takes to reach one SSH endpoint: address, user, how to authenticate, and which hosts to hop through.

/** One way to authenticate; an endpoint lists several, tried in order. Secrets are referenced, never inlined. */
export type SshAuth =
  | { method: 'publickey'; keyPath: string; passphraseRef?: string }
  | { method: 'agent'; socketPath?: string }
  | { method: 'password'; passwordRef: string }
  | { method: 'keyboard-interactive'; passwordRef: string };

export interface SshEndpoint {
  address: string;
  port: number;
  user: string;
  auth: SshAuth[];
  /** ProxyJump chain, nearest hop first; each hop is verified and authenticated on its own. */
  jump?: SshEndpoint[];
}

/** `user@address:port`, the name used in messages and as the pool key of a single hop. */
export function endpointLabel(ep: Pick<SshEndpoint, 'address' | 'port' | 'user'>): string {
  const host = ep.address.includes(':') ? `[${ep.address}]` : ep.address;
  return `${ep.user}@${host}:${ep.port}`;
}

/** Identity of the whole route, so two endpoints reached through different hops are pooled apart. */
export function routeKey(ep: SshEndpoint): string {
  return [...(ep.jump ?? []), ep].map(endpointLabel).join(' -> ');
}
