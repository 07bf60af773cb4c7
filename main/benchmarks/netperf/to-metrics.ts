// Turns one netperf result record (selector -> value) into metrics.
import { ParseError, type Metric } from '../types.ts';
import { readNumber } from '../text.ts';
import { rrTests, UDP_RECV, UDP_SEND, type NetperfRecord } from './parse-classic.ts';
import { netperfSpec, type NetperfMetricName } from './metrics.ts';
import { toMbitFactor } from './units.ts';
import type { HalfRttFrom } from './sweep.ts';

const latencyNames: [string, NetperfMetricName][] = [
  ['MEAN_LATENCY', 'rtt_mean'],
  ['P50_LATENCY', 'rtt_p50'],
  ['P90_LATENCY', 'rtt_p90'],
  ['P99_LATENCY', 'rtt_p99'],
  ['MIN_LATENCY', 'rtt_min'],
  ['MAX_LATENCY', 'rtt_max'],
  ['STDDEV_LATENCY', 'rtt_stddev'],
];

export interface RecordOutcome {
  metrics: Metric[];
  info: Record<string, string | number>;
  warnings: string[];
}

function num(rec: NetperfRecord, key: string): number | undefined {
  const f = rec.get(key);
  if (f === undefined || f.value === '') return undefined;
  return readNumber(f.value, f.line, `a number for ${key}`);
}

export function recordToMetrics(
  rec: NetperfRecord,
  test: string | undefined,
  point: Record<string, string | number>,
  confidenceWidthPercent?: number,
  halfRttFrom: HalfRttFrom = 'mean',
): RecordOutcome {
  const metrics: Metric[] = [];
  const warnings: string[] = [];
  const info: Record<string, string | number> = {};
  const units = rec.get('THROUGHPUT_UNITS')?.value;
  const isRr = (rrTests as readonly (string | undefined)[]).includes(test) || (test === undefined && (units === 'Trans/s' || rec.has('TRANSACTION_RATE')));
  const kind = test ?? (isRr ? 'TCP_RR' : 'TCP_STREAM');
  info.test = kind;
  const size = num(rec, isRr ? 'REQUEST_SIZE' : 'LOCAL_SEND_SIZE');
  const at = { test: kind, ...point, ...(size !== undefined ? { size } : {}) };
  const add = (name: NetperfMetricName, value: number, where: Record<string, string | number> = at) => {
    const s = netperfSpec(name);
    metrics.push({ name, value, unit: s.unit, better: s.better, point: where });
  };

  let rate = num(rec, 'TRANSACTION_RATE');
  const throughput = num(rec, 'THROUGHPUT');
  if (isRr) {
    if (rate === undefined && units === 'Trans/s') rate = throughput;
    const mean = num(rec, 'MEAN_LATENCY');
    for (const [sel, name] of latencyNames) {
      const v = num(rec, sel);
      if (v !== undefined) add(name, v);
    }
    if (rate !== undefined) add('transaction_rate', rate);
    // TCP_CRR's transactions each open a connection: its rate is no one-message latency, so no half RTT.
    if (kind === 'TCP_CRR') {
      if (rate === undefined && mean === undefined) throw new ParseError(firstLine(rec), 'a transaction rate for TCP_CRR');
    } else if (halfRttFrom === 'median') {
      const p50 = num(rec, 'P50_LATENCY');
      if (p50 === undefined || p50 <= 0) throw new ParseError(firstLine(rec), 'P50_LATENCY (netperf -j) for a half RTT from the median round trip');
      add('half_rtt', p50 / 2);
    } else if (mean !== undefined && mean > 0) add('half_rtt', mean / 2);
    else if (rate !== undefined && rate > 0) add('half_rtt', 1e6 / rate / 2);
    else throw new ParseError(firstLine(rec), 'MEAN_LATENCY or a non-zero transaction rate for a request/response test');
  } else {
    if (throughput === undefined) throw new ParseError(firstLine(rec), 'a THROUGHPUT value for a stream test');
    const unit = units ?? '10^6bits/s';
    const factor = toMbitFactor(unit);
    if (factor === undefined) throw new ParseError(rec.get('THROUGHPUT_UNITS')?.line ?? firstLine(rec), 'a bandwidth unit such as 10^6bits/s', unit);
    if (kind === 'UDP_STREAM' && rec.has(UDP_RECV.throughput)) {
      // Classic UDP_STREAM: what was sent and what the receiver got (datagrams may be lost), both kept.
      add('throughput', throughput * factor, { ...at, side: 'send' });
      add('throughput', num(rec, UDP_RECV.throughput)! * factor, { ...at, side: 'receive' });
      info.udpSendMessages = num(rec, UDP_SEND.messages)!;
      info.udpSendErrors = num(rec, UDP_SEND.errors)!;
      info.udpReceiveMessages = num(rec, UDP_RECV.messages)!;
    } else {
      add('throughput', throughput * factor);
    }
  }

  const elapsed = num(rec, 'ELAPSED_TIME');
  if (elapsed !== undefined) info.elapsedSec = elapsed;
  const level = num(rec, 'CONFIDENCE_LEVEL');
  const width = num(rec, 'THROUGHPUT_CONFID');
  const iterations = num(rec, 'CONFIDENCE_ITERATION');
  if (level !== undefined) info.confidenceLevel = level;
  if (iterations !== undefined) info.confidenceIterations = iterations;
  if (width !== undefined && width >= 0) info.throughputConfidenceWidthPercent = width;
  if (level !== undefined && level > 0 && width !== undefined && confidenceWidthPercent !== undefined && width > confidenceWidthPercent) {
    warnings.push(
      `netperf: desired confidence not achieved: throughput confidence interval ${width}% wide at ${level}% level (wanted ${confidenceWidthPercent}%)`,
    );
  }
  return { metrics, info, warnings };
}

function firstLine(rec: NetperfRecord): number {
  return Math.min(...[...rec.values()].map((f) => f.line), Number.MAX_SAFE_INTEGER);
}
