// HPCC's summary block from real runs on the lab (test/fixtures/outputs/hpcc/*.cmd say how each was made).
import { describe, expect, it } from 'vitest';
import { parseHpcc, readSummary } from '../../../../main/benchmarks/hpcc/parse.ts';
import { ParseError } from '../../../../main/benchmarks/types.ts';
import { fixture, fixtureNames } from '../fixture.ts';

const serial = fixture('hpcc', 'n500.serial.txt');
const twoRanks = fixture('hpcc', 'n500.mpi2-one-host.txt');
const byName = (text: string) => new Map(parseHpcc(text).metrics.map((m) => [m.name, m]));

describe('parseHpcc', () => {
  it('reads every test of a serial run from its summary; ping-pong is absent with one rank', () => {
    const m = byName(serial);
    expect(m.get('hpl')).toMatchObject({ value: 0.00340503 * 1000, unit: 'Gflop/s', better: 'higher', point: { test: 'hpl' } });
    expect(m.get('stream_triad_star')).toMatchObject({ value: 44.2222, unit: 'GB/s' });
    expect(m.get('stream_triad_single')?.value).toBe(44.2222);
    expect(m.get('randomaccess')).toMatchObject({ value: 0.0447139, unit: 'GUP/s' });
    expect(m.get('randomaccess_star')?.value).toBe(0.503193);
    expect(m.get('ptrans')).toMatchObject({ value: 8.48983, unit: 'GB/s' });
    expect(m.get('fft')).toMatchObject({ value: 3.04253, unit: 'Gflop/s' });
    expect(m.get('fft_star')?.value).toBe(5.07351);
    expect(m.has('pingpong_latency')).toBe(false);
    expect(parseHpcc(serial).info).toEqual({ version: '1.5.0', processes: 1, problemSize: 500, blockSize: 80 });
  });

  it('reads ping-pong latency and bandwidth with two ranks', () => {
    const m = byName(twoRanks);
    expect(m.get('pingpong_latency')).toMatchObject({ value: 4.60334, unit: 'us', better: 'lower' });
    expect(m.get('pingpong_bandwidth')).toMatchObject({ value: 4.67938, unit: 'GB/s', better: 'higher' });
    expect(m.get('stream_triad_star')?.value).toBe(28.9013);
    expect(parseHpcc(twoRanks).info.processes).toBe(2);
  });

  it('every captured output parses to every metric its rank count measures', () => {
    for (const name of fixtureNames('hpcc')) {
      const out = parseHpcc(fixture('hpcc', name));
      expect(out.metrics.length, name).toBe(out.info.processes === 1 ? 8 : 10);
    }
  });

  it('refuses an output without its summary, one cut inside it, and a damaged value, naming the line', () => {
    expect(() => parseHpcc(serial.slice(0, serial.indexOf('Begin of Summary')))).toThrow(/no summary: HPCC did not finish/);
    const cut = serial.slice(0, serial.indexOf('StarSTREAM_Copy'));
    expect(() => parseHpcc(cut)).toThrow(ParseError);
    expect(() => parseHpcc(cut)).toThrow(/summary is cut short/);
    const damaged = serial.replace('PTRANS_GBs=8.48983', 'PTRANS_GBs=8.4x');
    const line = damaged.split('\n').findIndex((l) => l.startsWith('PTRANS_GBs=')) + 1;
    expect(() => parseHpcc(damaged)).toThrow(`line ${line}: expected a number for PTRANS_GBs, found "8.4x"`);
  });

  it('refuses a run HPCC itself did not count a success, a failed HPL residual and too many RandomAccess errors', () => {
    expect(() => parseHpcc(serial.replace('Success=1', 'Success=0'))).toThrow(/Success=0/);
    expect(() => parseHpcc(serial.replace('...... PASSED', '...... FAILED'))).toThrow(/HPL residual check FAILED/);
    expect(() => parseHpcc(serial.replace('MPIRandomAccess_ErrorsFraction=0', 'MPIRandomAccess_ErrorsFraction=0.2'))).toThrow(/above HPCC's 1% limit/);
    expect(() => parseHpcc(twoRanks.replace('AvgPingPongLatency_usec=4.60334', 'AvgPingPongLatency_usec=-1'))).toThrow(/did not run/);
  });

  it('keeps the summary lines by key', () => {
    const s = readSummary(serial);
    expect(s.values.get('HPL_N')).toBe('500');
    expect(serial.split('\n')[s.lines.get('HPL_N')! - 1]).toBe('HPL_N=500');
  });
});
