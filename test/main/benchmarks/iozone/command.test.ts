import { describe, expect, it } from 'vitest';
import { iozoneArgv, iozoneSweep } from '../../../../main/benchmarks/iozone/command.ts';
import { iozoneParamsSchema } from '../../../../main/benchmarks/iozone/params.ts';

describe('IOzone params and argv', () => {
  it('defaults to the paper: writer/reader, 1 MB records, 1 MB..512 MB files', () => {
    const p = iozoneParamsSchema.parse({});
    expect(p.tests).toEqual([0, 1]);
    expect(p.recordKB).toBe(1024);
    expect(p.fileSizesKB).toEqual([1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 524288]);
    expect(p).toMatchObject({ folder: '/tmp', directIO: false, includeFlush: true, excelReport: true });
  });

  it('builds one argv per file size, in the working folder', () => {
    const p = iozoneParamsSchema.parse({ folder: '/scratch/', directIO: true, fileSizesKB: [16384] });
    expect(iozoneArgv(p, 16384)).toEqual([
      'iozone',
      '-i',
      '0',
      '-i',
      '1',
      '-r',
      '1024k',
      '-s',
      '16384k',
      '-f',
      '/scratch/virtlab-iozone.tmp',
      '-e',
      '-I',
      '-R',
    ]);
    const runs = iozoneSweep(iozoneParamsSchema.parse({ fileSizesKB: [512, 1024, 2048] }));
    expect(runs.map((r) => r.point)).toEqual([
      { fileSizeKB: 1024, recordKB: 1024 },
      { fileSizeKB: 2048, recordKB: 1024 },
    ]);
    expect(iozoneArgv(iozoneParamsSchema.parse({ includeFlush: false, excelReport: false }), 1024)).not.toEqual(expect.arrayContaining(['-e']));
  });

  it('rejects a relative folder and tests without the write test', () => {
    expect(iozoneParamsSchema.safeParse({ folder: 'tmp' }).success).toBe(false);
    expect(iozoneParamsSchema.safeParse({ tests: [1] }).success).toBe(false);
    expect(iozoneParamsSchema.safeParse({ tests: [0, 2] }).success).toBe(true);
  });
});
