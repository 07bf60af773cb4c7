// The product's host key verifier under the strict policy, reading a given known_hosts file (the lab's).
import { createHostKeyVerifier, type HostKeyVerifier } from '../../../../main/ssh/host-key-verifier.ts';
import { KnownHostsFile } from '../../../../main/ssh/known-hosts/known-hosts-file.ts';

export function strictHostKeys(knownHostsPath: string): HostKeyVerifier {
  return createHostKeyVerifier({ knownHosts: new KnownHostsFile(knownHostsPath), policy: 'strict' });
}
