// An in-memory store with one baseline platform, 'native', on hosts that are never contacted (TEST-NET addresses):
// for executor tests whose driver stands in for the endpoints.
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../../../main/store/open-database.ts';
import { createRepos, type Repos } from '../../../../main/store/repos/index.ts';

export function nativeStore(hostNames: readonly string[]): { db: Database; repos: Repos } {
  const db = openDatabase({ path: ':memory:' });
  const repos = createRepos(db);
  const platformId = repos.platforms.create({ name: 'native', technology: 'native', product: 'bare metal', isBaseline: true });
  hostNames.forEach((name, ordinal) => {
    const hostId = repos.hosts.save({ name, address: '192.0.2.1', port: 22, user: 'bench', auth: { kind: 'agent' }, jump: [], tags: [] });
    repos.platforms.addEndpoint({ platformId, hostId, ordinal });
  });
  return { db, repos };
}
