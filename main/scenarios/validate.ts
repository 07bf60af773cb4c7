// Validation of a scenario: the schema's issues and the cross-checks against the lab, all of them at once,
// each with the path of what it is about (e.g. `benchmarks[1].params.fileSizes[3]: must be a power of two`).
import { Scenario, BenchmarkSweep, PlatformName, type PlatformInfo, type ValidationIssue, type ValidationResult } from '../contract/scenarios.ts';
import { sweepModule } from './points.ts';
import { formatPath, parseScenarioText, scenarioObjectProblem } from './source.ts';
import { adaptiveIssues } from '../campaigns/adaptive/validate.ts';
import { countPlannedRuns, MAX_PLAN_RUNS, planTooLargeMessage } from './plan-size.ts';

export interface ValidationContext {
  /** Platforms of the lab; when absent, checks that need them are skipped (schema-only validation). */
  platforms?: readonly PlatformInfo[];
}

/** A hostile text can carry thousands of problems: the answer lists the first ones, each in a sentence of bounded
 * length, and says how many more there are. */
export const MAX_ISSUES = 50;
const MAX_ISSUE_CHARS = 300;

function capped(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const cut = (s: string) => (s.length > MAX_ISSUE_CHARS ? `${s.slice(0, MAX_ISSUE_CHARS - 1)}…` : s);
  const shown = issues.slice(0, MAX_ISSUES).map((i) => ({ path: cut(i.path), message: cut(i.message) }));
  if (issues.length > MAX_ISSUES) shown.push({ path: '(text)', message: `and ${issues.length - MAX_ISSUES} more problems` });
  return shown;
}

function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, prefix: PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: i.message }));
}

function crossCheck(raw: Record<string, unknown>, ctx: ValidationContext): ValidationIssue[] {
  const issues: ValidationIssue[] = adaptiveIssues(raw);
  const known = ctx.platforms ? new Map(ctx.platforms.map((p) => [p.name, p])) : undefined;
  const rawPlatforms = Array.isArray(raw['platforms']) ? (raw['platforms'] as unknown[]) : [];
  const named: PlatformInfo[] = [];
  rawPlatforms.forEach((name, i) => {
    if (!PlatformName.safeParse(name).success || !known) return;
    const p = known.get(name as string);
    if (!p) issues.push({ path: `platforms[${i}]`, message: `unknown platform "${String(name)}" (defined: ${[...known.keys()].join(', ') || 'none'})` });
    else named.push(p);
  });
  const baseline = raw['baseline'] === undefined ? 'native' : raw['baseline'];
  if (typeof baseline === 'string' && PlatformName.safeParse(baseline).success) {
    if (known && !known.has(baseline)) issues.push({ path: 'baseline', message: `unknown platform "${baseline}"` });
    else if (rawPlatforms.length > 0 && !rawPlatforms.includes(baseline))
      issues.push({ path: 'baseline', message: `"${baseline}" is not one of the platforms compared` });
  }

  const benchmarks = Array.isArray(raw['benchmarks']) ? (raw['benchmarks'] as unknown[]) : [];
  benchmarks.forEach((entry, bi) => {
    const parsed = BenchmarkSweep.safeParse(entry);
    if (!parsed.success) return;
    const b = parsed.data;
    for (const i of sweepModule(b).check(b.params, named))
      issues.push({ path: i.path ? `benchmarks[${bi}].params.${i.path}` : `benchmarks[${bi}]`, message: i.message });
  });
  return issues;
}

/** Validates a scenario object. The result carries the parsed scenario (defaults applied) when there is no issue. */
export function validateScenario(input: unknown, ctx: ValidationContext = {}): ValidationResult {
  const bound = scenarioObjectProblem(input);
  if (bound) return { ok: false, issues: [bound] };
  const parsed = Scenario.safeParse(input);
  const issues = parsed.success ? [] : zodIssues(parsed.error);
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) issues.push(...crossCheck(input as Record<string, unknown>, ctx));
  if (parsed.success) {
    const runs = countPlannedRuns(parsed.data);
    if (runs > MAX_PLAN_RUNS) issues.push({ path: 'repetitions', message: planTooLargeMessage(runs) });
  }
  if (issues.length === 0 && parsed.success) return { ok: true, issues: [], scenario: parsed.data };
  return { ok: false, issues: capped(issues) };
}

/** Validates YAML or JSON text. */
export function validateScenarioText(text: string, ctx: ValidationContext = {}): ValidationResult {
  const src = parseScenarioText(text);
  if (!src.ok) return { ok: false, issues: capped(src.issues) };
  return validateScenario(src.value, ctx);
}

export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}
