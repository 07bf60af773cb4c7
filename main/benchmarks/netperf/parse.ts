// netperf output -> metrics. Reads classic tables, omni CSV (with or without header) and keyval output.
import { ParseError, type ParseResult } from '../types.ts';
import { lastLineNo, toLines } from '../text.ts';
import { splitFraming } from './banner.ts';
import { parseClassic } from './parse-classic.ts';
import { looksLikeCsv, looksLikeKeyval, parseCsv, parseKeyval } from './parse-omni.ts';
import { recordToMetrics } from './to-metrics.ts';
import type { HalfRttFrom } from './sweep.ts';

export interface NetperfParseOptions {
  /** The -o selector list, needed only for headerless (-P 0) CSV output. */
  selectors?: readonly string[];
  /** The requested -I interval width; a wider reported THROUGHPUT_CONFID becomes a warning. */
  confidenceWidthPercent?: number;
  /** Extra sweep coordinates to attach to every metric (e.g. {size: 64} when the output does not carry it). */
  point?: Record<string, string | number>;
  /** The -t test that made the output, for classic output without its banner (-P 0): TCP_MAERTS, TCP_CRR, UDP_RR... */
  test?: string;
  /** What the half RTT halves (TCP_RR): the mean round trip unless asked for the median (P50_LATENCY, needs -j). */
  halfRttFrom?: HalfRttFrom;
}

export function parseNetperf(text: string, opts: NetperfParseOptions = {}): ParseResult {
  const lines = toLines(text);
  const framing = splitFraming(lines);
  const { body } = framing;
  if (body.length === 0) {
    throw new ParseError(lastLineNo(lines), framing.test ? 'netperf results after the test banner' : 'netperf output (a test banner or result line)');
  }
  let test = framing.test ?? opts.test;
  if (framing.test !== undefined && opts.test !== undefined && framing.test !== opts.test) {
    throw new ParseError(framing.bannerLine ?? 1, `a ${opts.test} test banner (the test named for this output)`, framing.test);
  }
  let record;
  if (looksLikeKeyval(body)) record = parseKeyval(body);
  else if (looksLikeCsv(body)) record = parseCsv(body, opts.selectors);
  else {
    const classic = parseClassic(body, test, lastLineNo(lines));
    record = classic.record;
    test = classic.test;
  }
  const out = recordToMetrics(record, test, opts.point ?? {}, opts.confidenceWidthPercent, opts.halfRttFrom);
  const warnings = framing.warning ? [framing.warning, ...out.warnings] : out.warnings;
  const info = { ...out.info };
  if (framing.confidence) {
    info.confidenceLevel ??= framing.confidence.level;
    info.confidenceIntervalPercent = 2 * framing.confidence.halfWidthPercent;
  }
  if (framing.achievedWidthPercent !== undefined) info.throughputConfidenceWidthPercent ??= framing.achievedWidthPercent;
  return { metrics: out.metrics, warnings, info };
}
