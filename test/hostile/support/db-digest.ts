// "The database did not change": a digest of the database file and its write-ahead log, byte for byte. Any committed
// write lands in one of them (readers only touch the -shm index), so equal digests mean nothing was written; cheaper
// than reading every row back, which the suite would do after each case.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

export function databaseDigest(path: string): string {
  const hash = createHash('sha256');
  for (const file of [path, `${path}-wal`]) {
    hash.update(`\0${file.slice(path.length)}\0`);
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}
