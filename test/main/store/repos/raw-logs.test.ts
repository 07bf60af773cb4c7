// Raw logs under hostile rows (a crafted bundle writes them as it likes): a decompression bomb is refused at the
// size the row claims, and the tail of a long log is read without inflating the whole of it.
import { deflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from '../fixture.ts';
import { MAX_RAW_LOG_BYTES } from '../../../../main/store/repos/raw-logs.ts';
import { runsHandlers } from '../../../../main/core/handlers/runs.ts';
import type { CoreContext } from '../../../../main/core/context.ts';

let f: Fixture;
let runId: number;
beforeEach(() => {
  f = makeFixture();
  runId = f.repos.runs.create({ campaignId: f.campaignId, planIndex: 0, platformId: f.platforms.native!, benchmark: 'netperf', params: {}, nodeCount: 2 });
});
afterEach(() => f.cleanup());

// 64 MiB of zeros deflate to about 64 KiB: the row below says the log is 100 bytes.
const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
const writeRow = (stream: string, data: Buffer, size: number, sha256: string) =>
  f.db
    .prepare("INSERT INTO raw_logs (run_id, stream, encoding, data, size, sha256, created_at) VALUES (?, ?, 'deflate', ?, ?, ?, 0)")
    .run(runId, stream, data, size, sha256);

describe('raw logs against hostile rows', () => {
  it('stops inflating a bomb at the size its row records', async () => {
    writeRow('stdout', bomb, 100, 'x'.repeat(64));
    expect(() => f.repos.rawLogs.get(runId, 'stdout')).toThrow('raw log stdout of run 1 is corrupt (inflates past its recorded size)');
    await expect(f.repos.rawLogs.tail(runId, 'stdout', 1024)).rejects.toThrow('inflates past its recorded size');
  });

  it('refuses a recorded size beyond what a run may store, before inflating', () => {
    writeRow('stdout', bomb, MAX_RAW_LOG_BYTES + 1, 'x'.repeat(64));
    expect(() => f.repos.rawLogs.get(runId, 'stdout')).toThrow(`recorded size ${MAX_RAW_LOG_BYTES + 1} out of range`);
  });

  it('runs.rawOutput returns the checked tail of an honest long log and refuses a bomb with a clear error', async () => {
    const zeros = Buffer.alloc(64 * 1024 * 1024, 0x61);
    f.repos.rawLogs.put(runId, 'stdout', Buffer.concat([zeros, Buffer.from('THE END')]));
    const h = runsHandlers({ repos: f.repos } as unknown as CoreContext)['runs.rawOutput'];
    const out = await h({ runId, maxBytes: 1024 });
    expect(out.streams).toEqual([{ stream: 'stdout', size: zeros.byteLength + 7, truncated: true, text: `${'a'.repeat(1017)}THE END` }]);
    writeRow('stderr', bomb, 10, createHash('sha256').update('0123456789').digest('hex'));
    await expect(h({ runId, maxBytes: 1024 })).rejects.toThrow('raw log stderr of run 1 is corrupt (inflates past its recorded size)');
  });
});
