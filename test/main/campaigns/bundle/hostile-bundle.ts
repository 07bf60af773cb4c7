// Crafted bundles for the hostile tests: a real export changed by hand and then re-sealed (row counts and content
// checksum recomputed), as anyone can do, so only VirtLab's own checks stand between it and the database.
import { copyFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { COUNTED_TABLES, contentDigest } from '../../../../main/store/bundle/format.ts';

export function craftBundle(from: string, to: string, change: (db: BetterSqlite3.Database) => void): string {
  copyFileSync(from, to);
  const d = new BetterSqlite3(to);
  try {
    change(d);
    const counts = Object.fromEntries(COUNTED_TABLES.map((t) => [t, (d.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
    d.prepare("UPDATE virtlab_bundle SET value = ? WHERE key = 'counts'").run(JSON.stringify(counts));
    d.prepare("UPDATE virtlab_bundle SET value = ? WHERE key = 'content_sha256'").run(contentDigest(d, () => createHash('sha256')));
  } finally {
    d.close();
  }
  return to;
}
