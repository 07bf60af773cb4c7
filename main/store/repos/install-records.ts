// Which benchmark version was installed on which endpoint, how and when.
import type { Database, Statement } from 'better-sqlite3';

export interface InstallRecord {
  id: number;
  endpointId: number;
  benchmark: string;
  version: string;
  method: string;
  at: number;
}
const COLS = 'id, endpoint_id AS endpointId, benchmark, version, method, at';

export function createInstallRecordsRepo(db: Database, now: () => number = Date.now) {
  const insert = db.prepare('INSERT INTO install_records (endpoint_id, benchmark, version, method, at) VALUES (?, ?, ?, ?, ?)');
  const latest = db.prepare(`SELECT ${COLS} FROM install_records WHERE endpoint_id = ? AND benchmark = ? ORDER BY at DESC, id DESC LIMIT 1`) as Statement<
    [number, string],
    InstallRecord
  >;
  const all = db.prepare(`SELECT ${COLS} FROM install_records WHERE endpoint_id = ? ORDER BY at, id`) as Statement<[number], InstallRecord>;
  return {
    record: (r: Omit<InstallRecord, 'id' | 'at'> & { at?: number }): number =>
      Number(insert.run(r.endpointId, r.benchmark, r.version, r.method, r.at ?? now()).lastInsertRowid),
    latest: (endpointId: number, benchmark: string): InstallRecord | undefined => latest.get(endpointId, benchmark),
    list: (endpointId: number): InstallRecord[] => all.all(endpointId),
  };
}
export type InstallRecordsRepo = ReturnType<typeof createInstallRecordsRepo>;
