// Raw output of runs, deflate-compressed, with the size and SHA-256 of the original bytes to detect corruption.
import type { Database, Statement } from 'better-sqlite3';
import { createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
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

/** The largest stream a run may store: what collecting a run's output accepts (main/ssh/detached.ts). A stored or
 * imported row claiming more, or inflating past the size it claims, is refused without being inflated further. */
export const MAX_RAW_LOG_BYTES = 256 * 1024 * 1024;

const corrupt = (stream: string, runId: number, why: string) => new Error(`raw log ${stream} of run ${runId} is corrupt (${why})`);

/** Inflates deflate data as a stream, keeping only the last `keep` bytes, and checks size and checksum on the way:
 * memory stays at `keep` plus one chunk whatever the data inflates to. */
function inflateTail(data: Buffer, size: number, digest: string, keep: number, fail: (why: string) => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const parts: Buffer[] = [];
    let kept = 0;
    let seen = 0;
    const z = createInflateRaw();
    z.on('data', (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > size) {
        z.destroy();
        reject(fail('inflates past its recorded size'));
        return;
      }
      hash.update(chunk);
      parts.push(chunk);
      kept += chunk.byteLength;
      while (parts.length > 1 && kept - parts[0]!.byteLength >= keep) kept -= parts.shift()!.byteLength;
    });
    z.on('error', (e) => reject(fail(e.message)));
    z.on('end', () => {
      if (seen !== size || hash.digest('hex') !== digest) {
        reject(fail('checksum mismatch'));
        return;
      }
      const all = Buffer.concat(parts);
      resolve(all.byteLength > keep ? all.subarray(all.byteLength - keep) : all);
    });
    z.end(data);
  });
}

export function createRawLogsRepo(db: Database, now: () => number = Date.now) {
  const put = db.prepare(`INSERT INTO raw_logs (run_id, stream, encoding, data, size, sha256, created_at) VALUES (?, ?, 'deflate', ?, ?, ?, ?)
    ON CONFLICT (run_id, stream) DO UPDATE SET data = excluded.data, size = excluded.size, sha256 = excluded.sha256, created_at = excluded.created_at`);
  const get = db.prepare('SELECT data, size, sha256 FROM raw_logs WHERE run_id = ? AND stream = ?') as Statement<
    [number, string],
    { data: Buffer; size: number; sha256: string }
  >;
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
      if (!Number.isSafeInteger(row.size) || row.size < 0 || row.size > MAX_RAW_LOG_BYTES)
        throw corrupt(stream, runId, `recorded size ${row.size} out of range`);
      let bytes: Buffer;
      try {
        bytes = inflateRawSync(row.data, { maxOutputLength: Math.max(row.size, 1) });
      } catch (e) {
        throw corrupt(stream, runId, (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'inflates past its recorded size' : (e as Error).message);
      }
      if (bytes.byteLength !== row.size || sha256(bytes) !== row.sha256) throw corrupt(stream, runId, 'checksum mismatch');
      return bytes;
    },
    /** The last `maxBytes` of a stream (checked against its size and checksum), inflated as a stream: a long or
     * hostile log never sits whole in memory. Undefined if there is no such stream. */
    async tail(runId: number, stream: string, maxBytes: number): Promise<{ size: number; truncated: boolean; bytes: Buffer } | undefined> {
      const row = get.get(runId, stream);
      if (!row) return undefined;
      if (!Number.isSafeInteger(row.size) || row.size < 0 || row.size > MAX_RAW_LOG_BYTES)
        throw corrupt(stream, runId, `recorded size ${row.size} out of range`);
      const bytes = await inflateTail(row.data, row.size, row.sha256, maxBytes, (why) => corrupt(stream, runId, why));
      return { size: row.size, truncated: row.size > maxBytes, bytes };
    },
    getText(runId: number, stream: string): string | undefined {
      return this.get(runId, stream)?.toString('utf8');
    },
    list: (runId: number): RawLogInfo[] => list.all(runId),
  };
}
export type RawLogsRepo = ReturnType<typeof createRawLogsRepo>;
