// Snapshots of what an endpoint looked like (kernel, CPU, virtualization detected...) when runs used it.
import type { Database, Statement } from 'better-sqlite3';

export interface FactsSnapshot {
  id: number;
  endpointId: number;
  takenAt: number;
  facts: unknown;
}
type Row = { id: number; endpointId: number; takenAt: number; json: string };
const toSnapshot = (r: Row): FactsSnapshot => ({ id: r.id, endpointId: r.endpointId, takenAt: r.takenAt, facts: JSON.parse(r.json) });
const COLS = 'id, endpoint_id AS endpointId, taken_at AS takenAt, json';

export function createFactsRepo(db: Database, now: () => number = Date.now) {
  const insert = db.prepare('INSERT INTO facts_snapshots (endpoint_id, taken_at, json) VALUES (?, ?, ?)');
  const byId = db.prepare(`SELECT ${COLS} FROM facts_snapshots WHERE id = ?`) as Statement<[number], Row>;
  const latest = db.prepare(`SELECT ${COLS} FROM facts_snapshots WHERE endpoint_id = ? ORDER BY taken_at DESC, id DESC LIMIT 1`) as Statement<[number], Row>;
  const insertHost = db.prepare('INSERT INTO host_facts (host_id, taken_at, json) VALUES (?, ?, ?)');
  const latestHost = db.prepare(
    `SELECT id, host_id AS endpointId, taken_at AS takenAt, json FROM host_facts WHERE host_id = ? ORDER BY taken_at DESC, id DESC LIMIT 1`,
  ) as Statement<[number], Row>;
  const endpointOf = db.prepare(`SELECT pe.id FROM platform_endpoints pe JOIN hosts h ON h.id = pe.host_id
    WHERE pe.platform_id = ? AND h.name = ?`) as Statement<[number, string], { id: number }>;
  const link = db.prepare('INSERT OR IGNORE INTO run_peer_facts (run_id, snapshot_id) VALUES (?, ?)');
  return {
    /** A run's provenance: facts of one endpoint of its platform; undefined when the host is not in that platform. */
    recordForPlatformHost: (platformId: number, hostName: string, facts: unknown, takenAt: number = now()): number | undefined => {
      const pe = endpointOf.get(platformId, hostName);
      return pe ? Number(insert.run(pe.id, takenAt, JSON.stringify(facts)).lastInsertRowid) : undefined;
    },
    /** A snapshot of one of the run's other endpoints (its peer, its other MPI nodes), recorded for that run. */
    linkPeer: (runId: number, snapshotId: number): void => {
      link.run(runId, snapshotId);
    },
    /** A host's own snapshot (probed from the Lab, whatever platform it is in); `endpointId` is then the host id. */
    recordForHost: (hostId: number, facts: unknown, takenAt: number = now()): number =>
      Number(insertHost.run(hostId, takenAt, JSON.stringify(facts)).lastInsertRowid),
    latestForHost: (hostId: number): FactsSnapshot | undefined => {
      const r = latestHost.get(hostId);
      return r ? toSnapshot(r) : undefined;
    },
    record: (endpointId: number, facts: unknown, takenAt: number = now()): number =>
      Number(insert.run(endpointId, takenAt, JSON.stringify(facts)).lastInsertRowid),
    get: (id: number): FactsSnapshot | undefined => {
      const r = byId.get(id);
      return r ? toSnapshot(r) : undefined;
    },
    latest: (endpointId: number): FactsSnapshot | undefined => {
      const r = latest.get(endpointId);
      return r ? toSnapshot(r) : undefined;
    },
  };
}
export type FactsRepo = ReturnType<typeof createFactsRepo>;
