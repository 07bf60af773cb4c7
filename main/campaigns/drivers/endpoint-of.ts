// A stored host record -> what the SSH layer connects to (auth by reference only, ProxyJump chain resolved).
import type { StoredHost } from '../../store/repos/hosts.ts';
import type { SshAuth, SshEndpoint } from '../../ssh/endpoint.ts';

function authOf(h: StoredHost): SshAuth[] {
  const a = h.auth;
  switch (a.kind) {
    case 'key':
      return [a.passphraseRef ? { method: 'publickey', keyPath: a.keyPath, passphraseRef: a.passphraseRef } : { method: 'publickey', keyPath: a.keyPath }];
    case 'agent':
      return [{ method: 'agent' }];
    case 'password':
      return [{ method: 'password', passwordRef: a.secretRef }];
    case 'keyboard-interactive':
      return [{ method: 'keyboard-interactive', passwordRef: a.secretRef }];
  }
}

export function endpointOf(h: StoredHost, lookup: (name: string) => StoredHost | undefined): SshEndpoint {
  const hop = (x: StoredHost): SshEndpoint => ({ address: x.address, port: x.port, user: x.user, auth: authOf(x) });
  const jump = h.jump.map((name) => {
    const j = lookup(name);
    if (!j) throw new Error(`${h.name} jumps through ${name}, which is not a known host`);
    return hop(j);
  });
  return { ...hop(h), ...(jump.length ? { jump } : {}) };
}
