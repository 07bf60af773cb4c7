// Concrete values below are read from the committed recordings in test/fixtures/outputs/npb/;
// re-recording them (VIRTLAB_RECORD_NPB_OUTPUTS=1) means updating these numbers.
import { describe, expect, it } from 'vitest';
import { parseErrorOf } from '../../../support/parse-error.ts';
import { parseNpb } from '../../../../main/benchmarks/npb/parse.ts';
import type { ParseResult } from '../../../../main/benchmarks/types.ts';
import { firstLines, fixture, fixtureNames } from '../fixture.ts';

const read = (name: string) => parseNpb(fixture('npb', name));
const value = (r: ParseResult, name: string) => r.metrics.find((m) => m.name === name)?.value;

describe('NPB report blocks (real outputs of the NPB stand-in tree)', () => {
  it('parses every captured output and reports its verification', () => {
    const names = fixtureNames('npb').filter((n) => n.endsWith('.txt'));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) {
      const r = read(name);
      expect(r.verified, name).toBe(!name.includes('unsuccessful'));
      expect(value(r, 'time'), name).toBeGreaterThanOrEqual(0);
      expect(value(r, 'mops_total'), name).toBeGreaterThan(0);
    }
  });

  it('reads a Fortran MPI block (NPB 3.4 EP, 2 processes)', () => {
    const r = read('ep.S.mpi2.txt');
    expect(r.metrics).toEqual([
      { name: 'time', value: 0.53, unit: 's', better: 'lower', point: { kernel: 'EP', class: 'S', processes: 2 } },
      { name: 'mops_total', value: 62.8, unit: 'Mop/s', better: 'higher', point: { kernel: 'EP', class: 'S', processes: 2 } },
      { name: 'mops_per_process', value: 31.4, unit: 'Mop/s', better: 'higher', point: { kernel: 'EP', class: 'S', processes: 2 } },
    ]);
    expect(r.verified).toBe(true);
    expect(r.info).toMatchObject({
      kernel: 'EP',
      class: 'S',
      suite: 'NPB3.4',
      version: '3.4.3',
      processes: 2,
      activeProcesses: 2,
      iterations: 0,
      size: '33554432',
      variant: 'mpi',
    });
  });

  it('reads a C (IS) MPI block', () => {
    const r = read('is.W.mpi2.txt');
    expect(value(r, 'time')).toBe(0.23);
    expect(value(r, 'mops_total')).toBe(45.54);
    expect(value(r, 'mops_per_process')).toBe(22.77);
    expect(r.info).toMatchObject({ kernel: 'IS', class: 'W', size: '1048576', operationType: 'keys ranked', processes: 2 });
  });

  it('reads a CG block like the others (NPB 3.4 MPI, 4 processes; 3.3 serial)', () => {
    const r = read('cg.S.mpi4.txt');
    expect(r.verified).toBe(true);
    expect(r.info).toMatchObject({ kernel: 'CG', class: 'S', size: '1400', iterations: 15, processes: 4, activeProcesses: 4, variant: 'mpi' });
    expect(r.metrics.map((m) => m.name)).toEqual(['time', 'mops_total', 'mops_per_process']);
    expect(r.metrics[0]!.point).toEqual({ kernel: 'CG', class: 'S', processes: 4 });
    expect(read('cg.S.ser.txt').info).toMatchObject({ kernel: 'CG', suite: 'NPB3.3-SER', version: '3.3.1', variant: 'serial' });
  });

  it('reads OpenMP blocks with threads', () => {
    const ep = read('ep.S.omp2.txt');
    expect(ep.info).toMatchObject({ suite: 'NPB3.4-OMP', threads: 2, availableThreads: 2, variant: 'openmp' });
    expect(value(ep, 'time')).toBe(0.57);
    expect(value(ep, 'mops_per_thread')).toBe(29.22);
    expect(ep.metrics[0]!.point).toEqual({ kernel: 'EP', class: 'S', threads: 2 });
    expect(value(read('is.S.omp2.txt'), 'mops_total')).toBe(626.9);
  });

  it('reads NPB 3.3 serial blocks (Fortran EP and C IS)', () => {
    const ep = read('ep.S.ser.txt');
    expect(ep.info).toMatchObject({ suite: 'NPB3.3-SER', version: '3.3.1', variant: 'serial' });
    expect(value(ep, 'time')).toBe(0.682);
    expect(value(ep, 'mops_total')).toBe(49.23);
    expect(ep.metrics[0]!.point).toEqual({ kernel: 'EP', class: 'S' });
    const is = read('is.S.ser.txt');
    expect(value(is, 'time')).toBe(0);
    expect(value(is, 'mops_total')).toBe(2510.96);
  });

  it('parses UNSUCCESSFUL verification with numbers kept and verified: false', () => {
    const r = read('ep.S.mpi2.unsuccessful.txt');
    expect(r.verified).toBe(false);
    expect(value(r, 'time')).toBe(0.75);
    expect(value(r, 'mops_total')).toBe(44.62);
    expect(r.warnings).toEqual(['NPB EP.S: verification UNSUCCESSFUL (line 36)']);
    const is = read('is.S.ser.unsuccessful.txt');
    expect(is.verified).toBe(false);
    expect(value(is, 'mops_total')).toBe(2730.67);
  });

  it('rejects an output cut inside the report block, naming the last line', () => {
    const text = fixture('npb', 'ep.S.mpi2.txt');
    const lines = text.split('\n');
    const timeLine = lines.findIndex((l) => l.includes('Time in seconds'));
    const err = parseErrorOf(() => parseNpb(firstLines(text, timeLine + 1)));
    expect(err.line).toBe(timeLine + 1);
    expect(err.message).toContain('Mop/s total');
    const before = parseErrorOf(() => parseNpb(firstLines(text, 12)));
    expect(before.line).toBe(12);
    expect(before.message).toContain('Benchmark Completed');
  });

  it('rejects foreign input (a netperf output)', () => {
    const err = parseErrorOf(() => parseNpb(fixture('netperf', 'tcp_rr_omni_csv.txt')));
    expect(err.message).toContain('Benchmark Completed');
    expect(err.line).toBe(4);
  });

  it('rejects a report block with an unreadable value, naming its line', () => {
    const text = fixture('npb', 'ep.S.mpi2.txt').replace(/(Mop\/s total\s+=\s+)62\.80/, '$1************');
    const err = parseErrorOf(() => parseNpb(text));
    expect(err.message).toContain('mops_total');
    expect(text.split('\n')[err.line - 1]).toContain('Mop/s total');
  });
});
