// hpccoutf.txt -> metrics. HPCC ends its output with a "Begin of Summary section." ... "End of Summary section." block
// of key=value lines; the numbers come from there. A run that did not succeed, a failed HPL residual check or a
// RandomAccess with too many errors is refused with the reason, never stored. Pure.
import { ParseError, type Metric, type ParseResult } from '../types.ts';
import { hpccMetricSpecs } from './metrics.ts';

const BEGIN = 'Begin of Summary section.';
const END = 'End of Summary section.';
/** HPCC's own rule: RandomAccess is valid when at most 1% of the table is wrong. */
const MAX_ERROR_FRACTION = 0.01;

export interface HpccSummary {
  values: Map<string, string>;
  lines: Map<string, number>;
}

export function readSummary(text: string): HpccSummary {
  const lines = text.split('\n');
  const begin = lines.findIndex((l) => l.trim() === BEGIN);
  if (begin < 0) throw new ParseError(0, `HPCC's "${BEGIN}" (the output has no summary: HPCC did not finish)`);
  const values = new Map<string, string>();
  const at = new Map<string, number>();
  for (let i = begin + 1; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === END) return { values, lines: at };
    if (line === '') continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new ParseError(i + 1, 'a "Key=value" line of the HPCC summary', line);
    values.set(line.slice(0, eq), line.slice(eq + 1));
    at.set(line.slice(0, eq), i + 1);
  }
  throw new ParseError(lines.length, `"${END}" (the summary is cut short)`);
}

function numberAt(s: HpccSummary, key: string): number {
  const raw = s.values.get(key);
  if (raw === undefined) throw new ParseError(0, `the summary key ${key}`);
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new ParseError(s.lines.get(key) ?? 0, `a number for ${key}`, raw);
  return v;
}

export function parseHpcc(text: string): ParseResult {
  const s = readSummary(text);
  const procs = numberAt(s, 'CommWorldProcs');
  if (numberAt(s, 'Success') !== 1) throw new Error(`HPCC reports Success=${s.values.get('Success')} (a test of the suite failed); numbers not stored`);
  if (/^\|\|Ax-b\|\|.*FAILED/m.test(text)) throw new Error('HPL residual check FAILED; numbers not stored');
  for (const key of ['MPIRandomAccess_ErrorsFraction', 'MPIRandomAccess_LCG_ErrorsFraction']) {
    if (s.values.has(key) && numberAt(s, key) > MAX_ERROR_FRACTION)
      throw new Error(`RandomAccess ${key}=${s.values.get(key)} above HPCC's 1% limit; numbers not stored`);
  }
  const metrics: Metric[] = [];
  for (const m of hpccMetricSpecs) {
    const v = numberAt(s, m.key);
    if ('needsPeers' in m && m.needsPeers && procs < 2) continue;
    if (v < 0) throw new ParseError(s.lines.get(m.key) ?? 0, `a measured ${m.key} (HPCC prints -1 for a test it did not run)`, String(v));
    metrics.push({ name: m.name, value: v * m.scale, unit: m.unit, better: m.better, point: { test: m.name } });
  }
  const version = ['VersionMajor', 'VersionMinor', 'VersionMicro'].map((k) => s.values.get(k) ?? '?').join('.');
  return { metrics, warnings: [], info: { version, processes: procs, problemSize: numberAt(s, 'HPL_N'), blockSize: numberAt(s, 'HPL_NB') } };
}
