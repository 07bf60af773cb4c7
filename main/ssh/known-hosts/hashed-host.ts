// Hashed known_hosts host fields (HashKnownHosts): `|1|` base64(salt) `|` base64(HMAC-SHA1(key=salt, host)).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const MAGIC = '|1|';

export function isHashedHostField(field: string): boolean {
  return field.startsWith(MAGIC);
}

/** Hashes a host string the way `ssh-keygen -H` does, with a fresh 20-byte salt unless one is given. */
export function hashHostName(hostName: string, salt: Buffer = randomBytes(20)): string {
  const mac = createHmac('sha1', salt).update(hostName).digest();
  return `${MAGIC}${salt.toString('base64')}|${mac.toString('base64')}`;
}

/** True when a hashed field was made from this host string. Malformed fields never match. */
export function hashedFieldMatches(field: string, hostName: string): boolean {
  if (!isHashedHostField(field)) return false;
  const parts = field.slice(MAGIC.length).split('|');
  if (parts.length !== 2) return false;
  const salt = Buffer.from(parts[0]!, 'base64');
  const expected = Buffer.from(parts[1]!, 'base64');
  if (salt.length === 0 || expected.length !== 20) return false;
  const actual = createHmac('sha1', salt).update(hostName).digest();
  return timingSafeEqual(actual, expected);
}
