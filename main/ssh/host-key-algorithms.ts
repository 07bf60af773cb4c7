// Like OpenSSH, offer first the host key algorithms whose keys we already hold for a host, so a server with
// several keys presents the one we can verify (instead of a first-contact for another type).
import type { ServerHostKeyAlgorithm } from 'ssh2';

/** ssh2 1.17's default server host key algorithms, most preferred first. */
export const SSH2_DEFAULT_HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** Signature algorithms that verify with a stored key of this type (an ssh-rsa key signs with SHA-2 too). */
function algorithmsForKeyType(keyType: string): string[] {
  return keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];
}

/**
 * The `algorithms.serverHostKey` list for ssh2: algorithms of known key types first, then the rest.
 * With no known keys this is ssh2's default order.
 */
export function preferredHostKeyAlgorithms(knownKeyTypes: readonly string[]): ServerHostKeyAlgorithm[] {
  const supported = new Set<string>(SSH2_DEFAULT_HOST_KEY_ALGORITHMS);
  const first = knownKeyTypes.flatMap(algorithmsForKeyType).filter((a): a is ServerHostKeyAlgorithm => supported.has(a));
  return [...new Set([...first, ...SSH2_DEFAULT_HOST_KEY_ALGORITHMS])];
}
