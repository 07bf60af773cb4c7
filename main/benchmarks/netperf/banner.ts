// The parts of netperf output around the numbers: the test banner and the "!!! WARNING" confidence block.
import type { Line } from '../text.ts';


const bannerTests: Record<string, string> = {
  'TCP REQUEST/RESPONSE': 'TCP_RR',
  'UDP REQUEST/RESPONSE': 'UDP_RR',
  'TCP STREAM': 'TCP_STREAM',
  'TCP MAERTS': 'TCP_MAERTS',
  'UDP STREAM': 'UDP_STREAM',
};

export interface Framing {
  /** Test name from the banner (TCP_RR, TCP_STREAM, ...) or undefined without a banner (-P 0). */
  test?: string;
  /** The confidence warning block, joined, if netperf printed one. */
  warning?: string;
  /** Lines that are neither banner, warning nor blank. */
  body: Line[];
}

export function splitFraming(lines: Line[]): Framing {
  let test: string | undefined;
  const warning: string[] = [];
  const body: Line[] = [];
  for (const line of lines) {
    const t = line.text.trim();
    if (t === '') continue;
    const name = test === undefined && body.length === 0 ? bannerTest(t) : undefined;
    if (name !== undefined) {
      test = bannerTests[name] ?? name;
      continue;
    }
    if (t.startsWith('!!!')) {
      const text = t.replace(/^!!!\s*/, '').replace(/\s+/g, ' ');
      if (text !== 'WARNING') warning.push(text);
      continue;
    }
    body.push(line);
  }
  return { test, warning: warning.length > 0 ? `netperf: ${warning.join(' ')}` : undefined, body };
}

/** "MIGRATED TCP STREAM TEST from ... to ..." -> "TCP STREAM". Plain string search: a regex here backtracks on long lines. */
function bannerTest(line: string): string | undefined {
  const at = line.indexOf(' TEST from ');
  if (at <= 0 || line.indexOf(' to ', at) < 0) return undefined;
  return line.slice(0, at).replace(/^MIGRATED /, '');
}
