import { describe, expect, it } from 'vitest';
import { netperfClientArgv, netperfSweep, netserverArgv } from '../../../../main/benchmarks/netperf/command.ts';
import { netperfParamsSchema } from '../../../../main/benchmarks/netperf/params.ts';
import { toMbitFactor } from '../../../../main/benchmarks/netperf/units.ts';

describe('netperf params', () => {
  it('defaults to the paper: TCP_RR over 1 B..16 KiB in powers of two, 10 s runs', () => {
    const p = netperfParamsSchema.parse({});
    expect(p.test).toBe('TCP_RR');
    expect(p.messageSizes).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384]);
    expect(p.durationSec).toBe(10);
    expect(p.controlPort).toBe(12865);
    expect(p.confidence).toBeUndefined();
  });

  it('names the message sizes as the scenario does (messageSizes), and refuses the old names with the new one', () => {
    expect(netperfParamsSchema.parse({ messageSizes: [1, 64] }).messageSizes).toEqual([1, 64]);
    const old = netperfParamsSchema.safeParse({ sizes: [1, 64] });
    expect(old.success).toBe(false);
    expect(old.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['sizes', "netperf's parameter is messageSizes now (sizes was its old name): --param messageSizes=..."],
    ]);
    expect(netperfParamsSchema.safeParse({ size: 64 }).error!.issues[0]!.message).toBe(
      "netperf's parameter is messageSizes now (size was its old name): --param messageSizes=...",
    );
  });

  it('fills confidence defaults and rejects min > max iterations', () => {
    expect(netperfParamsSchema.parse({ confidence: {} }).confidence).toEqual({ level: 99, widthPercent: 5, maxIterations: 10, minIterations: 3 });
    expect(netperfParamsSchema.safeParse({ confidence: { minIterations: 5, maxIterations: 2 } }).success).toBe(false);
    expect(netperfParamsSchema.safeParse({ confidence: { level: 90 } }).success).toBe(false);
  });
});

describe('netperf argv', () => {
  it('builds a TCP_RR client run with latency statistics and omni CSV selectors', () => {
    const p = netperfParamsSchema.parse({ controlPort: 5001 });
    expect(netperfClientArgv(p, '10.0.0.2', 64)).toEqual([
      'netperf',
      '-H',
      '10.0.0.2',
      '-p',
      '5001',
      '-t',
      'TCP_RR',
      '-l',
      '10',
      '-j',
      '--',
      '-r',
      '64,64',
      '-o',
      'MEAN_LATENCY,P50_LATENCY,P99_LATENCY,STDDEV_LATENCY,MIN_LATENCY,MAX_LATENCY,TRANSACTION_RATE,THROUGHPUT,THROUGHPUT_UNITS,REQUEST_SIZE,RESPONSE_SIZE,ELAPSED_TIME,CONFIDENCE_LEVEL,CONFIDENCE_ITERATION,THROUGHPUT_CONFID',
    ]);
  });

  it('adds -I/-i, -P 0 and a fixed data port when asked', () => {
    const p = netperfParamsSchema.parse({ test: 'TCP_STREAM', durationSec: 30, headers: false, dataPort: 40000, confidence: { level: 95, widthPercent: 2 } });
    expect(netperfClientArgv(p, 'host-b')).toEqual([
      'netperf',
      '-H',
      'host-b',
      '-p',
      '12865',
      '-t',
      'TCP_STREAM',
      '-l',
      '30',
      '-I',
      '95,2',
      '-i',
      '10,3',
      '-P',
      '0',
      '--',
      '-o',
      'THROUGHPUT,THROUGHPUT_UNITS,LOCAL_SEND_SIZE,ELAPSED_TIME,CONFIDENCE_LEVEL,CONFIDENCE_ITERATION,THROUGHPUT_CONFID',
      '-P',
      '40000,40000',
    ]);
  });

  it('sweeps every size, and a stream test without sizes once', () => {
    const rr = netperfSweep(netperfParamsSchema.parse({}), '::1');
    expect(rr).toHaveLength(15);
    expect(rr[14]!.point).toEqual({ test: 'TCP_RR', messageSize: 16384 });
    expect(rr[14]!.argv).toContain('16384,16384');
    const st = netperfSweep(netperfParamsSchema.parse({ test: 'TCP_STREAM', messageSizes: [] }), '::1');
    expect(st.map((r) => r.point)).toEqual([{ test: 'TCP_STREAM' }]);
    expect(() => netperfSweep(netperfParamsSchema.parse({ messageSizes: [] }), '::1')).toThrow(/at least one message size/);
  });

  it('refuses a host that netperf would read as an option', () => {
    const p = netperfParamsSchema.parse({});
    expect(() => netperfClientArgv(p, '-Hevil', 1)).toThrow(/not a host/);
    expect(() => netperfClientArgv(p, 'a b', 1)).toThrow(/not a host/);
  });

  it('runs netserver in the foreground on the control port', () => {
    expect(netserverArgv({ controlPort: 41865 })).toEqual(['netserver', '-p', '41865', '-D']);
    expect(netserverArgv({ controlPort: 41865 }, '127.0.0.1')).toEqual(['netserver', '-p', '41865', '-D', '-L', '127.0.0.1']);
  });
});

describe('netperf units', () => {
  it('converts the units netperf prints to Mbit/s', () => {
    expect(toMbitFactor('10^6bits/s')).toBe(1);
    expect(toMbitFactor('10^6bits/sec')).toBe(1);
    expect(toMbitFactor('10^9bits/s')).toBe(1000);
    expect(toMbitFactor('10^3bits/s')).toBe(0.001);
    expect(toMbitFactor('KBytes/s')).toBeCloseTo(0.008192, 12);
    expect(toMbitFactor('MBytes/sec')).toBeCloseTo(8.388608, 12);
    expect(toMbitFactor('Trans/s')).toBeUndefined();
  });
});
