// IOzone through SSH on a lab host and a lab guest: writer and reader rows for every size of a 1..16 MB sweep,
// in a working folder that is created for the run and gone afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIozone } from '../../../main/runner/iozone/run.ts';
import { run } from '../../lab/exec.ts';
import { sshArgs } from '../../lab/api.ts';
import { labBench, type LabBench } from './lab-bench.ts';

let lab: LabBench;
beforeAll(async () => {
  lab = await labBench(4);
});
afterAll(() => lab?.close());

const sizes = [1024, 2048, 4096, 8192, 16384];

describe('IOzone on lab endpoints', () => {
  for (const which of ['host', 'guest'] as const) {
    it(`writer and reader for 1..16 MB on a ${which}`, async () => {
      const e = which === 'host' ? lab.inv.hosts[2]! : lab.inv.guests[2]!;
      const folder = `/tmp/virtlab-iozone-test-${which}`;
      const r = await runIozone({ endpoint: await lab.bench(e), params: { fileSizesKB: sizes, recordKB: 1024, folder } });
      expect(r.error).toBeUndefined();
      expect(r.status).toBe('ok');
      for (const name of ['writer', 'reader']) {
        const rows = r.metrics.filter((m) => m.name === name);
        expect(rows.map((m) => m.point.fileSizeKB)).toEqual(sizes);
        for (const m of rows) expect(m.value).toBeGreaterThan(0);
      }
      expect(r.commands).toHaveLength(sizes.length);
      expect(r.versions[`iozone@${e.name}`]).toMatch(/^3\.\d+/);
      // The run's sub-folder is gone; the user's folder stays.
      const left = (await run('ssh', [...sshArgs(lab.inv, e), '--', `ls -A ${folder}`])).stdout.trim();
      expect(left).toBe('');
      const w = r.metrics.filter((m) => m.name === 'writer_MBps').map((m) => m.value.toFixed(0));
      const rd = r.metrics.filter((m) => m.name === 'reader_MBps').map((m) => m.value.toFixed(0));
      console.log(`[iozone ${which}] writer MB/s ${w.join('/')}; reader MB/s ${rd.join('/')}`);
    });
  }
});
