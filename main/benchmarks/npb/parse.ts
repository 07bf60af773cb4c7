// NPB output -> metrics, from the report block that print_results.f(90) / c_print_results.c write:
//   " BT Benchmark Completed." then "Key = value" lines (Class, Size, Iterations, Time in seconds, processes or
//   threads, Mop/s total, Mop/s/process|thread, Operation type, Verification, Version, Compile date).
// UNSUCCESSFUL verification parses fine with verified: false; the runner decides what that means for the run.
import { ParseError, type Metric, type ParseResult } from '../types.ts';
import { lastLineNo, readNumber, toLines, type Line } from '../text.ts';
import { npbMetrics, type NpbMetricName } from './metrics.ts';

const COMPLETED = /^\s*([A-Z]{2,3})\s+Benchmark Completed\.?\s*$/;
const KEY = /^[A-Za-z][A-Za-z /]*$/;
// "(NPB3.3-SER)" in most banners, "NAS Parallel Benchmarks 3.4 -- EP Benchmark" in 3.4's MPI banner.
const SUITE = /NAS Parallel Benchmarks\s*(?:\(([^)]+)\)|(\d+(?:\.\d+)*)\s+--)/;

interface Field {
  value: string;
  line: number;
}

export function parseNpb(text: string): ParseResult {
  const lines = toLines(text);
  const start = lines.findIndex((l) => COMPLETED.test(l.text));
  if (start < 0) throw new ParseError(lastLineNo(lines), 'an NPB report block starting "<XX> Benchmark Completed."');
  const kernel = COMPLETED.exec(lines[start]!.text)![1]!;
  const fields = readFields(lines, start + 1);
  const need = (key: string): Field => {
    const f = fields.get(key);
    if (!f) throw new ParseError(lastLineNo(lines), `a "${key} = ..." line in the ${kernel} report block (output looks truncated)`);
    return f;
  };
  const cls = need('Class');
  if (!/^[SWABCDEF]$/.test(cls.value)) throw new ParseError(cls.line, 'an NPB class letter S W A B C D E F', cls.value);
  const time = need('Time in seconds');
  const mops = need('Mop/s total');
  const verification = need('Verification');
  const verified = readVerification(verification);

  const info: Record<string, string | number> = { kernel, class: cls.value };
  const suite = lines
    .slice(0, start)
    .map((l) => SUITE.exec(l.text))
    .find((m) => m);
  if (suite) info.suite = suite[1] ?? `NPB${suite[2]}`;
  const copy: [string, string][] = [
    ['Size', 'size'],
    ['Operation type', 'operationType'],
    ['Version', 'version'],
    ['Compile date', 'compileDate'],
  ];
  for (const [key, as] of copy) if (fields.has(key)) info[as] = fields.get(key)!.value;
  const ints: [string, string][] = [
    ['Iterations', 'iterations'],
    ['Total processes', 'processes'],
    ['Active processes', 'activeProcesses'],
    ['Total threads', 'threads'],
    ['Avail threads', 'availableThreads'],
    ['Compiled procs', 'compiledProcesses'],
  ];
  for (const [key, as] of ints) {
    const f = fields.get(key);
    if (f) info[as] = readNumber(f.value, f.line, `a whole number for ${key}`);
  }
  info.variant = typeof info.processes === 'number' ? 'mpi' : typeof info.threads === 'number' ? 'openmp' : variantFromSuite(info.suite);

  const point: Record<string, string | number> = { kernel, class: cls.value };
  if (typeof info.processes === 'number') point.processes = info.processes;
  if (typeof info.threads === 'number') point.threads = info.threads;
  const metrics: Metric[] = [];
  const add = (name: NpbMetricName, f: Field | undefined) => {
    if (!f) return;
    const spec = npbMetrics.find((m) => m.name === name)!;
    metrics.push({ name, value: readNumber(f.value, f.line, `a number for ${name}`), unit: spec.unit, better: spec.better, point });
  };
  add('time', time);
  add('mops_total', mops);
  add('mops_per_process', fields.get('Mop/s/process'));
  add('mops_per_thread', fields.get('Mop/s/thread'));
  const warnings: string[] = [];
  if (verification.value === 'NOT PERFORMED') warnings.push(`NPB ${kernel}: verification was not performed`);
  else if (!verified) warnings.push(`NPB ${kernel}.${cls.value}: verification UNSUCCESSFUL (line ${verification.line})`);
  return { metrics, warnings, verified, info };
}

function readFields(lines: Line[], from: number): Map<string, Field> {
  const fields = new Map<string, Field>();
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.text.trim() === '') {
      if (fields.size === 0) continue;
      break;
    }
    // Split at the first '=' by hand: a regex with optional spaces on both sides backtracks quadratically.
    const eq = line.text.indexOf('=');
    const key = eq < 0 ? '' : line.text.slice(0, eq).trim();
    if (!KEY.test(key)) throw new ParseError(line.no, 'a "Key = value" line of the NPB report block', line.text.trim());
    if (!fields.has(key)) fields.set(key, { value: line.text.slice(eq + 1).trim(), line: line.no });
  }
  return fields;
}

function readVerification(f: Field): boolean {
  if (f.value === 'SUCCESSFUL') return true;
  if (f.value === 'UNSUCCESSFUL' || f.value === 'NOT PERFORMED') return false;
  throw new ParseError(f.line, 'Verification = SUCCESSFUL, UNSUCCESSFUL or NOT PERFORMED', f.value);
}

function variantFromSuite(suite: string | number | undefined): string {
  if (typeof suite === 'string' && /-MPI$/.test(suite)) return 'mpi';
  if (typeof suite === 'string' && /-OMP$/.test(suite)) return 'openmp';
  return 'serial';
}
