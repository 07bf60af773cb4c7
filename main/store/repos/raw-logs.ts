// Raw output of runs, deflate-compressed, with the size and SHA-256 of the original bytes to detect corruption.
import type { Database, Statement } from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';

export interface RawLogInfo {
  runId: number;
  stream: string;
  size: number;
  compressedSize: number;
  sha256: string;
  createdAt: number;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export function createRawLogsRepo(db: Database, now: () => number = Date.now) {
  const put = db.prepare(`INSERT INTO raw_logs (run_id, stream, encoding, data, size, sha256, created_at) VALUES (?, ?, 'deflate', ?, ?, ?, ?)
    ON CONFLICT (run_id, stream) DO UPDATE SET data = excluded.data, size = excluded.size, sha256 = excluded.sha256, created_at = excluded.created_at`);
  const get = db.prepare('SELECT data, size, sha256 FROM raw_logs WHERE run_id = ? AND stream = ?') as Statement<[number, string], { data: Buffer; size: number; sha256: string }>;
  const list = db.prepare(`SELECT run_id AS runId, stream, size, length(data) AS compressedSize, sha256, created_at AS createdAt
    FROM raw_logs WHERE run_id = ? ORDER BY stream`) as Statement<[number], RawLogInfo>;

  return {
    /** Stores (or replaces) one stream of a run. */
    put(runId: number, stream: string, content: string | Uint8Array): RawLogInfo {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const data = deflateRawSync(bytes, { level: 6 });
      const digest = sha256(bytes);
      const at = now();
      put.run(runId, stream, data, bytes.byteLength, digest, at);
      return { runId, stream, size: bytes.byteLength, compressedSize: data.byteLength, sha256: digest, createdAt: at };
    },
    /** The original bytes, or undefined; throws if the stored data no longer matches its checksum. */
    get(runId: number, stream: string): Buffer | undefined {
      const row = get.get(runId, stream);
      if (!row) return undefined;
      const bytes = inflateRawSync(row.data);
      if (bytes.byteLength !== row.size || sha256(bytes) !== row.sha256) throw new Error(`raw log ${stream} of run ${runId} is corrupt (checksum mismatch)`);
      return bytes;
    },
    getText(runId: number, stream: string): string | undefined {
      return this.get(runId, stream)?.toString('utf8');
    },
    list: (runId: number): RawLogInfo[] => list.all(runId),
  };
}
export type RawLogsRepo = ReturnType<typeof createRawLogsRepo>;
