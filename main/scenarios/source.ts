// Scenario text in and out: YAML (a superset of JSON, so JSON files read the same way) and JSON.
import { isMap, isScalar, parseDocument, stringify, visit } from 'yaml';
import type { ValidationIssue } from '../contract/scenarios.ts';

export type SourceResult = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

/** A scenario is a page or two of YAML (the paper's whole comparison is under 1 KiB). The YAML parser costs 10-30 us a
 * byte here, on the thread that answers every other request (a 60 KB list took 2 s), so longer texts are refused
 * before parsing. */
export const MAX_SCENARIO_TEXT_BYTES = 16 * 1024;
/** Deeper flow nesting ([[[... or {{{...) only serves to exhaust the parser's stack. */
export const MAX_SCENARIO_NESTING = 32;

const refused = (path: string, message: string): SourceResult => ({ ok: false, issues: [{ path, message }] });

/** The deepest nesting of flow brackets outside quoted text and comments (a cheap scan before the parser runs). */
function flowNesting(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) while (i < text.length && text[i] !== '\n') i++;
    else if (c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return deepest;
}

/** Duplicate keys, found with one set per mapping (the parser's own check compares every pair: quadratic). */
function duplicateKey(doc: ReturnType<typeof parseDocument>): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? `s:${String(pair.key.value)}` : `n:${String(pair.key)}`;
        if (seen.has(k)) {
          found = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          return visit.BREAK;
        }
        seen.add(k);
      }
      return undefined;
    },
  });
  return found;
}

/** An object carried by the contract is held to the same bounds as text: at most twice the text bound as JSON
 * (JSON quotes every key and string, so a 16 KiB YAML file can grow by up to that much) and the same nesting.
 * Measured by walking it with an explicit stack, stopping at the bound (never recursion: a deep object is hostile). */
export const MAX_SCENARIO_OBJECT_CHARS = 2 * MAX_SCENARIO_TEXT_BYTES;

export function scenarioObjectProblem(value: unknown): ValidationIssue | undefined {
  let chars = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v !== null && typeof v === 'object') {
      if (depth >= MAX_SCENARIO_NESTING) return { path: '(root)', message: `the scenario is nested more than ${MAX_SCENARIO_NESTING} deep` };
      const entries = Array.isArray(v) ? v.map((x): [string, unknown] => ['', x]) : Object.entries(v);
      chars += 2;
      for (const [k, x] of entries) {
        chars += k.length + (k ? 4 : 1);
        stack.push([x, depth + 1]);
      }
    } else chars += typeof v === 'string' ? v.length + 2 : String(v).length;
    if (chars > MAX_SCENARIO_OBJECT_CHARS)
      return { path: '(root)', message: `the scenario is over ${MAX_SCENARIO_OBJECT_CHARS} characters as JSON; a scenario may be at most that` };
  }
  return undefined;
}

/** Parses YAML or JSON text; syntax errors come back as issues with line and column, never thrown. */
export function parseScenarioText(text: string): SourceResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SCENARIO_TEXT_BYTES)
    return refused('(text)', `the scenario is ${bytes} bytes; a scenario may be at most ${MAX_SCENARIO_TEXT_BYTES} bytes (16 KiB)`);
  if (flowNesting(text) > MAX_SCENARIO_NESTING) return refused('(text)', `brackets are nested more than ${MAX_SCENARIO_NESTING} deep`);
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        path: e.linePos?.[0] ? `(line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '(text)',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  const dup = duplicateKey(doc);
  if (dup !== undefined) return refused('(text)', `map keys must be unique: ${JSON.stringify(dup.slice(0, 80))} appears twice`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The parser refuses an alias bomb (too many alias expansions) by throwing.
    return refused('(text)', (e as Error).message.split('\n')[0] ?? 'the YAML cannot be read');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, issues: [{ path: '(root)', message: 'a scenario is a mapping (name, platforms, benchmarks, ...)' }] };
  }
  return { ok: true, value };
}

export function scenarioToText(scenario: unknown, format: 'yaml' | 'json'): string {
  return format === 'json' ? `${JSON.stringify(scenario, null, 2)}\n` : stringify(scenario, { lineWidth: 0 });
}

/** `benchmarks[1].params.fileSizes[3]` from a zod-style path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out || '(root)';
}
