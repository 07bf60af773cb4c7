// From host records to what the session layer connects to: auth mapped to SshAuth, jump chain resolved to endpoints.
import type { HostAuth, HostRecord } from '../contract/hosts.ts';
import type { SshAuth, SshEndpoint } from '../ssh/endpoint.ts';
import { jumpChain } from './host-set.ts';

export function sshAuthOf(auth: HostAuth): SshAuth {
  switch (auth.kind) {
    case 'key':
      return auth.passphraseRef
        ? { method: 'publickey', keyPath: auth.keyPath, passphraseRef: auth.passphraseRef }
        : { method: 'publickey', keyPath: auth.keyPath };
    case 'agent':
      return { method: 'agent' };
    case 'password':
      return { method: 'password', passwordRef: auth.secretRef };
    case 'keyboard-interactive':
      return { method: 'keyboard-interactive', passwordRef: auth.secretRef };
  }
}

const single = (h: HostRecord): SshEndpoint => ({ address: h.address, port: h.port, user: h.user, auth: [sshAuthOf(h.auth)] });

/** The endpoint for a named host, with its full ProxyJump chain (first hop first). Throws on unknown names or loops. */
export function endpointOf(name: string, hosts: readonly HostRecord[]): SshEndpoint {
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const target = byName.get(name);
  if (!target) throw new Error(`unknown host ${name}`);
  const hops = jumpChain(name, hosts).map((n) => single(byName.get(n)!));
  return hops.length > 0 ? { ...single(target), jump: hops } : single(target);
}
