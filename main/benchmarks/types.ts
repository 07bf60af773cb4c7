// Shared shapes of the benchmark catalog: metrics, parse results and the one error a parser may throw.

export type Better = 'higher' | 'lower';

/** One measured number at one point of a sweep (e.g. point {size: 64} for a 64-byte TCP_RR). */
export interface Metric {
  name: string;
  value: number;
  unit: string;
  better: Better;
  point: Record<string, string | number>;
}

export interface ParseResult {
  metrics: Metric[];
  /** Things a person should see but that do not make the numbers unusable (e.g. netperf's confidence warning). */
  warnings: string[];
  /** Benchmarks that self-verify (NPB) say here whether they passed; absent when the tool does not verify. */
  verified?: boolean;
  /** Descriptive facts read from the output (versions, test names, classes). */
  info: Record<string, string | number>;
}

/** Static description of one metric a benchmark can report. */
export interface MetricSpec {
  name: string;
  unit: string;
  better: Better;
  description: string;
}

/** Raised by every parser for text it cannot read; `line` is 1-based (0 when the input as a whole is wrong). */
export class ParseError extends Error {
  readonly line: number;
  readonly expected: string;
  constructor(line: number, expected: string, found?: string) {
    const where = line > 0 ? `line ${line}` : 'input';
    const saw = found === undefined ? '' : `, found ${JSON.stringify(found.length > 80 ? `${found.slice(0, 80)}...` : found)}`;
    super(`${where}: expected ${expected}${saw}`);
    this.name = 'ParseError';
    this.line = line;
    this.expected = expected;
  }
}

export type BenchmarkId = 'netperf' | 'iozone' | 'npb';

/** What the catalog knows about a benchmark; the runner builds commands and parses outputs through it. */
export interface BenchmarkDescriptor {
  id: BenchmarkId;
  title: string;
  summary: string;
  metrics: readonly MetricSpec[];
  parse(text: string): ParseResult;
}
