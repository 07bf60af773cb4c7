import { describe, expect, it } from 'vitest';
import { parseErrorOf } from '../../../support/parse-error.ts';
import { parseNetperf } from '../../../../main/benchmarks/netperf/parse.ts';
import { defaultRrSelectors } from '../../../../main/benchmarks/netperf/selectors.ts';
import type { ParseResult } from '../../../../main/benchmarks/types.ts';
import { firstLines, fixture } from '../fixture.ts';

const read = (name: string, opts = {}) => parseNetperf(fixture('netperf', name), opts);
const value = (r: ParseResult, name: string) => r.metrics.find((m) => m.name === name)?.value;

describe('netperf classic tables', () => {
  it('reads TCP_RR: rate and half round trip from the rate', () => {
    const r = read('tcp_rr_classic.txt');
    expect(r.info.test).toBe('TCP_RR');
    expect(value(r, 'transaction_rate')).toBe(15544.73);
    expect(value(r, 'half_rtt')).toBeCloseTo(1e6 / 15544.73 / 2, 9);
    expect(r.metrics[0]!.point).toEqual({ test: 'TCP_RR', size: 64 });
    expect(r.warnings).toEqual([]);
  });

  it('reads TCP_STREAM in Mbit/s with the send size as the point', () => {
    const r = read('tcp_stream_classic.txt');
    expect(r.metrics).toEqual([{ name: 'throughput', value: 41351.38, unit: 'Mbit/s', better: 'higher', point: { test: 'TCP_STREAM', size: 16384 } }]);
  });

  it('keeps the !!! WARNING confidence block as a warning and still reads the numbers', () => {
    const rr = read('tcp_rr_classic_confidence.txt');
    expect(value(rr, 'transaction_rate')).toBe(17319.53);
    expect(rr.warnings).toHaveLength(1);
    expect(rr.warnings[0]).toContain('Desired confidence was not achieved');
    expect(rr.warnings[0]).toContain('Throughput : 315.852%');
    const st = read('tcp_stream_classic_confidence.txt');
    expect(value(st, 'throughput')).toBe(30496.18);
    expect(st.warnings[0]).toContain('60.494%');
  });

  it('reads a headerless (-P 0) classic RR row', () => {
    const r = read('tcp_rr_classic_noheader.txt');
    expect(value(r, 'transaction_rate')).toBe(77880.02);
    expect(r.metrics[0]!.point.size).toBe(4096);
  });
});

describe('netperf omni output', () => {
  it('reads CSV with a header: latency selectors, half RTT = MEAN_LATENCY / 2', () => {
    const r = read('tcp_rr_omni_csv.txt');
    expect(value(r, 'rtt_mean')).toBe(63.51);
    expect(value(r, 'rtt_p50')).toBe(66);
    expect(value(r, 'rtt_p99')).toBe(109);
    expect(value(r, 'rtt_stddev')).toBe(69.89);
    expect(value(r, 'rtt_min')).toBe(11);
    expect(value(r, 'rtt_max')).toBe(5854);
    expect(value(r, 'transaction_rate')).toBe(15730.855);
    expect(value(r, 'half_rtt')).toBeCloseTo(31.755, 9);
    expect(r.info).toMatchObject({ test: 'TCP_RR', confidenceLevel: 0, confidenceIterations: 1 });
  });

  it('halves the median round trip (P50_LATENCY) instead when asked, and refuses output without it', () => {
    const r = read('tcp_rr_omni_csv.txt', { halfRttFrom: 'median' });
    expect(value(r, 'half_rtt')).toBe(33);
    expect(value(r, 'rtt_mean')).toBe(63.51);
    const err = parseErrorOf(() => read('tcp_rr_omni_rate_only.txt', { halfRttFrom: 'median' }));
    expect(err.message).toContain('P50_LATENCY');
  });

  it('reads headerless CSV (-P 0) given the -o selector list, and refuses it without', () => {
    const r = read('tcp_rr_omni_csv_noheader.txt', { selectors: defaultRrSelectors });
    expect(value(r, 'rtt_mean')).toBe(63.35);
    expect(value(r, 'half_rtt')).toBeCloseTo(31.675, 9);
    expect(r.metrics[0]!.point.size).toBe(1);
    const err = parseErrorOf(() => read('tcp_rr_omni_csv_noheader.txt'));
    expect(err.line).toBe(1);
    expect(err.message).toContain('selector list');
  });

  it('computes half RTT from the transaction rate when no latency selector was asked for', () => {
    const r = read('tcp_rr_omni_rate_only.txt');
    expect(value(r, 'transaction_rate')).toBe(15995.785);
    expect(value(r, 'half_rtt')).toBeCloseTo(1e6 / 15995.785 / 2, 9);
    expect(value(r, 'rtt_mean')).toBeUndefined();
    expect(r.metrics[0]!.point.size).toBe(16384);
  });

  it('warns when the reported confidence width exceeds the requested one', () => {
    const r = read('tcp_rr_omni_confidence.txt', { confidenceWidthPercent: 1 });
    expect(value(r, 'rtt_mean')).toBe(66.59);
    expect(r.info).toMatchObject({ confidenceLevel: 99, confidenceIterations: 3, throughputConfidenceWidthPercent: 88.302 });
    expect(r.warnings).toEqual(['netperf: desired confidence not achieved: throughput confidence interval 88.302% wide at 99% level (wanted 1%)']);
    expect(read('tcp_rr_omni_confidence.txt', { confidenceWidthPercent: 90 }).warnings).toEqual([]);
  });

  it('reads stream CSV with and without header', () => {
    expect(read('tcp_stream_omni_csv.txt').metrics).toEqual([
      { name: 'throughput', value: 31522.05, unit: 'Mbit/s', better: 'higher', point: { test: 'TCP_STREAM', size: 16384 } },
    ]);
    const r = read('tcp_stream_omni_csv_noheader.txt', { selectors: ['THROUGHPUT', 'THROUGHPUT_UNITS'] });
    expect(value(r, 'throughput')).toBe(28085.53);
  });

  it('reads keyval (-k) output', () => {
    const r = read('tcp_rr_omni_keyval.txt');
    expect(value(r, 'rtt_mean')).toBe(12.79);
    expect(value(r, 'rtt_p99')).toBe(16);
    expect(value(r, 'half_rtt')).toBeCloseTo(6.395, 9);
    expect(r.metrics[0]!.point.size).toBe(256);
  });

  it('reads the outputs of the argv VirtLab itself builds', () => {
    const rr = read('tcp_rr_virtlab_default.txt', { confidenceWidthPercent: 1 });
    expect(value(rr, 'rtt_mean')).toBe(18.43);
    expect(value(rr, 'half_rtt')).toBeCloseTo(9.215, 9);
    expect(value(rr, 'transaction_rate')).toBe(70326.112);
    expect(rr.warnings[0]).toContain('640.791%');
    const st = read('tcp_stream_virtlab_default.txt');
    expect(value(st, 'throughput')).toBe(40869.18);
  });
});

describe('netperf rejects', () => {
  it('a CSV values line that does not match its header (an unknown selector), naming the line', () => {
    const err = parseErrorOf(() => read('tcp_stream_omni_bad_selector.txt'));
    expect(err.line).toBe(3);
    expect(err.message).toContain('4 comma-separated values');
  });

  it('truncated output, naming the last line', () => {
    const text = fixture('netperf', 'tcp_rr_classic.txt');
    const err = parseErrorOf(() => parseNetperf(firstLines(text, 5)));
    expect(err.line).toBe(5);
    expect(err.message).toContain('result row');
    expect(parseErrorOf(() => parseNetperf(firstLines(fixture('netperf', 'tcp_rr_omni_csv.txt'), 1))).line).toBe(1);
  });

  it('foreign input (an IOzone output), naming the first line', () => {
    const err = parseErrorOf(() => parseNetperf(fixture('iozone', 'writer_reader_16m_direct_excel.txt')));
    expect(err.line).toBe(1);
    expect(err.message).toContain('Iozone');
  });

  it('an unknown throughput unit', () => {
    const text = 'Throughput,Throughput Units\n12.5,furlongs/s\n';
    const err = parseErrorOf(() => parseNetperf(text));
    expect(err.line).toBe(2);
    expect(err.message).toContain('bandwidth unit');
  });
});
