// A random per-start token that every bridge request must carry; compared in constant time.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export const newBridgeToken = (): string => randomBytes(32).toString('base64url');

export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
