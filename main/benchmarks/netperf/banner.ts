// The parts of netperf output around the numbers: the test banner and the "!!! WARNING" confidence block.
import type { Line } from '../text.ts';

const bannerTests: Record<string, string> = {
  'TCP REQUEST/RESPONSE': 'TCP_RR',
  'UDP REQUEST/RESPONSE': 'UDP_RR',
  'TCP Connect/Request/Response': 'TCP_CRR',
  'TCP STREAM': 'TCP_STREAM',
  'TCP MAERTS': 'TCP_MAERTS',
  'UDP STREAM': 'UDP_STREAM',
};

export interface Framing {
  /** Test name from the banner (TCP_RR, TCP_STREAM, ...) or undefined without a banner (-P 0). */
  test?: string;
  bannerLine?: number;
  /** What -I asked for, from the banner's ": +/-0.500% @ 99% conf." (half width of the interval, in percent). */
  confidence?: { level: number; halfWidthPercent: number };
  /** The interval width the confidence warning reports for throughput, in percent. */
  achievedWidthPercent?: number;
  /** The confidence warning block, joined, if netperf printed one. */
  warning?: string;
  /** Lines that are neither banner, warning nor blank. */
  body: Line[];
}

export function splitFraming(lines: Line[]): Framing {
  let test: string | undefined;
  let bannerLine: number | undefined;
  let confidence: Framing['confidence'];
  let achieved: number | undefined;
  const warning: string[] = [];
  const body: Line[] = [];
  for (const line of lines) {
    const t = line.text.trim();
    if (t === '') continue;
    const name = test === undefined && body.length === 0 ? bannerTest(t) : undefined;
    if (name !== undefined) {
      test = bannerTests[name] ?? name;
      bannerLine = line.no;
      confidence = bannerConfidence(t);
      continue;
    }
    if (t.startsWith('!!!')) {
      const text = t.replace(/^!!!\s*/, '').replace(/\s+/g, ' ');
      const width = /^Confidence intervals: Throughput : (\d+(?:\.\d+)?)%$/.exec(text);
      if (width) achieved = Number(width[1]);
      if (text !== 'WARNING') warning.push(text);
      continue;
    }
    body.push(line);
  }
  return {
    test,
    ...(bannerLine !== undefined ? { bannerLine } : {}),
    ...(confidence ? { confidence } : {}),
    ...(achieved !== undefined ? { achievedWidthPercent: achieved } : {}),
    warning: warning.length > 0 ? `netperf: ${warning.join(' ')}` : undefined,
    body,
  };
}

/** "MIGRATED TCP STREAM TEST from ... to ..." -> "TCP STREAM". Plain string search: a regex here backtracks on long lines. */
function bannerTest(line: string): string | undefined {
  const at = line.indexOf(' TEST from ');
  if (at <= 0 || line.indexOf(' to ', at) < 0) return undefined;
  return line.slice(0, at).replace(/^MIGRATED /, '');
}

/** ": +/-0.500% @ 99% conf." in a banner -> level 99, half width 0.5 (plain string search, no backtracking). */
function bannerConfidence(line: string): Framing['confidence'] {
  const at = line.indexOf(': +/-');
  if (at < 0) return undefined;
  const m = /^: \+\/-(\d+(?:\.\d+)?)% @ (\d+)% conf\./.exec(line.slice(at, at + 40));
  return m ? { level: Number(m[2]), halfWidthPercent: Number(m[1]) } : undefined;
}
