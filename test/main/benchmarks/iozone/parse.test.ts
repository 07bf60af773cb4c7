import { describe, expect, it } from 'vitest';
import { parseErrorOf } from '../../../support/parse-error.ts';
import { parseIozone } from '../../../../main/benchmarks/iozone/parse.ts';
import type { ParseResult } from '../../../../main/benchmarks/types.ts';
import { firstLines, fixture } from '../fixture.ts';

const read = (name: string) => parseIozone(fixture('iozone', name));
const at = (r: ParseResult, name: string, fileSizeKB: number, recordKB = 1024) =>
  r.metrics.find((m) => m.name === name && m.point.fileSizeKB === fileSizeKB && m.point.recordKB === recordKB)?.value;

describe('IOzone', () => {
  it('reads writer/re-writer/reader/re-reader of one size from the -R report, in kB/s and MB/s', () => {
    const r = read('writer_reader_16m_direct_excel.txt');
    expect(r.info).toMatchObject({ version: '3.489', sizeUnit: 'kB', source: 'excel-report' });
    expect(at(r, 'writer', 16384)).toBe(1931852);
    expect(at(r, 'rewriter', 16384)).toBe(3910113);
    expect(at(r, 'reader', 16384)).toBe(1999007);
    expect(at(r, 'rereader', 16384)).toBe(2017256);
    expect(at(r, 'writer_MBps', 16384)).toBeCloseTo(1931852 / 1024, 9);
    expect(r.metrics.find((m) => m.name === 'writer')).toEqual({
      name: 'writer',
      value: 1931852,
      unit: 'kB/s',
      better: 'higher',
      point: { fileSizeKB: 16384, recordKB: 1024 },
    });
    expect(r.metrics).toHaveLength(8);
  });

  it('reads one row per file size of an auto run (1 MB..64 MB, 1 MB records)', () => {
    const r = read('writer_reader_auto_1m_64m_excel.txt');
    expect(r.metrics).toHaveLength(7 * 4 * 2);
    expect(at(r, 'writer', 1024)).toBe(1032244);
    expect(at(r, 'reader', 65536)).toBe(22954686);
    expect(at(r, 'rereader', 32768)).toBe(25801382);
    expect(at(r, 'rewriter', 8192)).toBe(4381051);
  });

  it('takes values that ran together in the table from the -R report', () => {
    const r = read('auto_many_reclen_excel.txt');
    expect(at(r, 'reader', 128, 128)).toBe(60968594);
    expect(at(r, 'rereader', 128, 128)).toBe(111715537);
    expect(at(r, 'writer', 256, 4)).toBe(1591186);
    expect(r.metrics).toHaveLength(18 * 4 * 2);
  });

  it('refuses run-together values when there is no report, naming the row', () => {
    const err = parseErrorOf(() => read('run_together_table_only.txt'));
    expect(err.line).toBe(40);
    expect(err.message).toContain('60968594111715537');
  });

  it('places values by column when tests were not run (blank columns)', () => {
    const r = read('write_random_blank_columns.txt');
    expect(r.info.source).toBe('table');
    expect(at(r, 'writer', 8192)).toBe(1362789);
    expect(at(r, 'rewriter', 8192)).toBe(3771731);
    expect(at(r, 'reader', 8192)).toBeUndefined();
    expect(at(r, 'random_read', 8192)).toBe(15513658);
    expect(at(r, 'random_write', 8192)).toBe(3484475);
  });

  it('reads the older "KB" header as well as the newer "kB"', () => {
    const r = read('old_KB_header_table.txt');
    expect(r.info).toMatchObject({ sizeUnit: 'KB', source: 'table' });
    expect(at(r, 'writer', 2048)).toBe(1229979);
    expect(at(r, 'rereader', 65536)).toBe(22851637);
    expect(r.metrics).toHaveLength(56);
  });

  it('reads the output of the argv VirtLab builds', () => {
    const r = read('virtlab_default_2m_direct.txt');
    expect(at(r, 'writer', 2048)).toBe(587836);
    expect(at(r, 'reader', 2048)).toBe(851938);
    expect(String(r.info.commandLine)).toContain('-I -R');
  });

  it('rejects output cut inside the table or inside the report, naming the line', () => {
    const text = fixture('iozone', 'writer_reader_auto_1m_64m_excel.txt');
    const cutTable = parseErrorOf(() => parseIozone(firstLines(text, 34)));
    expect(cutTable.line).toBe(34);
    expect(cutTable.message).toContain('iozone test complete');
    const lines = text.split('\n');
    const readerTitle = lines.indexOf('"Reader report"');
    const cutReport = parseErrorOf(() => parseIozone(firstLines(text, readerTitle + 4)));
    expect(cutReport.line).toBe(readerTitle + 4);
    expect(cutReport.message).toContain('truncated');
  });

  it('rejects foreign input (a netperf output), naming the line', () => {
    const err = parseErrorOf(() => parseIozone(fixture('netperf', 'tcp_rr_classic.txt')));
    expect(err.line).toBe(1);
    expect(err.message).toContain('reclen');
  });

  it('rejects results in operations per second (-O)', () => {
    const text = fixture('iozone', 'write_random_blank_columns.txt').replace('Output is in kBytes/sec', 'Output is in operations per second');
    const err = parseErrorOf(() => parseIozone(text));
    expect(err.message).toContain('kBytes/sec');
  });
});
