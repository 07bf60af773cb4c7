// Every classic (non-omni) netperf test a person may run by hand, from real netperf 2.7.0 runs between two lab
// hosts (each fixture's .cmd holds the exact command): with the banner, without it (-P 0), with the -I confidence
// banner and its warning. A cut-off output is refused, naming the line where it goes wrong.
import { describe, expect, it } from 'vitest';
import { parseErrorOf } from '../../../support/parse-error.ts';
import { parseNetperf } from '../../../../main/benchmarks/netperf/parse.ts';
import type { ParseResult } from '../../../../main/benchmarks/types.ts';
import { firstLines, fixture, fixtureNames } from '../fixture.ts';

const read = (name: string, test?: string) => parseNetperf(fixture('netperf', `${name}.txt`), test ? { test } : {});
const rows = (r: ParseResult) => r.metrics.map((m) => [m.name, m.value, m.point]);

// Numbers as printed in each output (the fixture's .txt); half RTT = 1e6 / rate / 2 for TCP_RR and UDP_RR.
const cases: { name: string; test?: string; metrics: unknown[]; info?: Record<string, unknown>; warned?: boolean }[] = [
  { name: 'tcp_stream_classic', metrics: [['throughput', 41351.38, { test: 'TCP_STREAM', size: 16384 }]] },
  { name: 'tcp_stream_classic_noheader', metrics: [['throughput', 10366.95, { test: 'TCP_STREAM', size: 16384 }]] },
  { name: 'tcp_stream_classic_confidence', metrics: [['throughput', 30496.18, { test: 'TCP_STREAM', size: 16384 }]], warned: true },
  { name: 'tcp_maerts_classic', metrics: [['throughput', 13307.37, { test: 'TCP_MAERTS', size: 16384 }]] },
  { name: 'tcp_maerts_classic_noheader', test: 'TCP_MAERTS', metrics: [['throughput', 16685.91, { test: 'TCP_MAERTS', size: 16384 }]] },
  {
    name: 'tcp_maerts_classic_confidence',
    metrics: [['throughput', 20320.25, { test: 'TCP_MAERTS', size: 16384 }]],
    warned: true,
    info: { confidenceLevel: 99, confidenceIntervalPercent: 1, throughputConfidenceWidthPercent: 170.064 },
  },
  {
    name: 'tcp_rr_classic_lab',
    metrics: [
      ['transaction_rate', 23550.53, { test: 'TCP_RR', size: 1 }],
      ['half_rtt', 1e6 / 23550.53 / 2, { test: 'TCP_RR', size: 1 }],
    ],
  },
  {
    name: 'tcp_rr_classic_noheader',
    metrics: [
      ['transaction_rate', 77880.02, { test: 'TCP_RR', size: 4096 }],
      ['half_rtt', 1e6 / 77880.02 / 2, { test: 'TCP_RR', size: 4096 }],
    ],
  },
  {
    name: 'tcp_rr_classic_confidence_met',
    metrics: [
      ['transaction_rate', 27681.06, { test: 'TCP_RR', size: 1 }],
      ['half_rtt', 1e6 / 27681.06 / 2, { test: 'TCP_RR', size: 1 }],
    ],
    info: { confidenceLevel: 95, confidenceIntervalPercent: 40 },
  },
  { name: 'tcp_crr_classic', metrics: [['transaction_rate', 5651.08, { test: 'TCP_CRR', size: 1 }]] },
  { name: 'tcp_crr_classic_noheader', test: 'TCP_CRR', metrics: [['transaction_rate', 9795.56, { test: 'TCP_CRR', size: 32 }]] },
  {
    name: 'tcp_crr_classic_confidence',
    metrics: [['transaction_rate', 10658.4, { test: 'TCP_CRR', size: 1 }]],
    warned: true,
    info: { throughputConfidenceWidthPercent: 892.857 },
  },
  {
    name: 'udp_rr_classic',
    metrics: [
      ['transaction_rate', 64347.7, { test: 'UDP_RR', size: 1 }],
      ['half_rtt', 1e6 / 64347.7 / 2, { test: 'UDP_RR', size: 1 }],
    ],
  },
  {
    name: 'udp_rr_classic_noheader',
    test: 'UDP_RR',
    metrics: [
      ['transaction_rate', 42009.65, { test: 'UDP_RR', size: 64 }],
      ['half_rtt', 1e6 / 42009.65 / 2, { test: 'UDP_RR', size: 64 }],
    ],
  },
  {
    name: 'udp_rr_classic_confidence',
    metrics: [
      ['transaction_rate', 63174.41, { test: 'UDP_RR', size: 1 }],
      ['half_rtt', 1e6 / 63174.41 / 2, { test: 'UDP_RR', size: 1 }],
    ],
    warned: true,
  },
  {
    name: 'udp_stream_classic',
    metrics: [
      ['throughput', 1213.75, { test: 'UDP_STREAM', size: 1472, side: 'send' }],
      ['throughput', 379.43, { test: 'UDP_STREAM', size: 1472, side: 'receive' }],
    ],
    info: { udpSendMessages: 103075, udpSendErrors: 0, udpReceiveMessages: 32222 },
  },
  {
    name: 'udp_stream_classic_noheader',
    metrics: [
      ['throughput', 2141.96, { test: 'UDP_STREAM', size: 1472, side: 'send' }],
      ['throughput', 1207.82, { test: 'UDP_STREAM', size: 1472, side: 'receive' }],
    ],
  },
  {
    name: 'udp_stream_classic_confidence',
    warned: true,
    metrics: [
      ['throughput', 2547.43, { test: 'UDP_STREAM', size: 1472, side: 'send' }],
      ['throughput', 1476.49, { test: 'UDP_STREAM', size: 1472, side: 'receive' }],
    ],
  },
  {
    name: 'udp_stream_classic_noheader_confidence',
    warned: true,
    info: { throughputConfidenceWidthPercent: 149.422 },
    metrics: [
      ['throughput', 567.57, { test: 'UDP_STREAM', size: 1472, side: 'send' }],
      ['throughput', 320.05, { test: 'UDP_STREAM', size: 1472, side: 'receive' }],
    ],
  },
];

describe('classic netperf outputs from the lab', () => {
  for (const c of cases) {
    it(`${c.name}${c.test ? ` (--test ${c.test})` : ''}`, () => {
      const r = read(c.name, c.test);
      expect(rows(r)).toEqual(c.metrics);
      if (c.info) expect(r.info).toMatchObject(c.info);
      expect(r.warnings.some((w) => w.includes('Desired confidence was not achieved'))).toBe(c.warned ?? false);
    });
  }

  it('covers every classic fixture, each with the command that made it', () => {
    const classic = fixtureNames('netperf')
      .filter((n) => n.includes('_classic'))
      .map((n) => n.replace(/\.txt$/, ''));
    const covered = new Set([...cases.map((c) => c.name), 'tcp_rr_classic', 'tcp_rr_classic_confidence']); // those two: parse.test.ts
    expect(classic.filter((n) => !covered.has(n))).toEqual([]);
    for (const n of classic) expect(fixture('netperf', `${n}.cmd`).split('\n')[0]).toMatch(/^netperf -H \S+ -p \d+ -t [A-Z_]+ /);
  });

  it('a test named for banner-less output must agree with a banner when there is one', () => {
    const err = parseErrorOf(() => read('tcp_maerts_classic', 'TCP_STREAM'));
    expect(err.line).toBe(1);
    expect(err.message).toContain('TCP_MAERTS');
  });
});

describe('classic netperf outputs cut short', () => {
  for (const c of cases) {
    const text = fixture('netperf', `${c.name}.txt`).replace(/\n+$/, '');
    const lines = text.split('\n');
    const lastRow = lines.length; // every classic table ends with its last numeric row
    it(`${c.name}: every cut before its last row is refused at the line where the output ends`, () => {
      for (let n = 1; n < lastRow; n++) {
        const err = parseErrorOf(() => parseNetperf(firstLines(text, n), c.test ? { test: c.test } : {}));
        expect(err.line, `cut after line ${n}: ${err.message}`).toBe(n);
      }
    });
    it(`${c.name}: a last row missing its last number is refused at that row`, () => {
      const cut = [...lines.slice(0, -1), lines.at(-1)!.trim().split(/\s+/).slice(0, -1).join('  ')].join('\n');
      const err = parseErrorOf(() => parseNetperf(cut, c.test ? { test: c.test } : {}));
      expect(err.line, err.message).toBe(lastRow);
      expect(err.message).toContain('found');
    });
  }
});
