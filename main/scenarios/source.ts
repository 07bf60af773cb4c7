// Scenario text in and out: YAML (a superset of JSON, so JSON files read the same way) and JSON.
import { parseDocument, stringify } from 'yaml';
import type { ValidationIssue } from '../contract/scenarios.ts';

export type SourceResult = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

/** Parses YAML or JSON text; syntax errors come back as issues with line and column, never thrown. */
export function parseScenarioText(text: string): SourceResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({
        path: e.linePos?.[0] ? `(line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '(text)',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
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
