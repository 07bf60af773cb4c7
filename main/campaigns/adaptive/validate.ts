// Checks of a scenario's adaptive repetitions that its schema alone cannot make.
import type { ValidationIssue } from '../../contract/scenarios.ts';

export function adaptiveIssues(raw: Record<string, unknown>): ValidationIssue[] {
  if (raw['adaptive'] === undefined) return [];
  const issues: ValidationIssue[] = [];
  if (raw['repetitions'] !== undefined) issues.push({ path: 'repetitions', message: 'give either repetitions (a fixed count) or adaptive, not both' });
  // Each round of a point must run on every platform close in time, so the ratio is measured side by side.
  if (raw['order'] === 'grouped') issues.push({ path: 'order', message: 'adaptive repetitions need the platforms interleaved or randomized, not grouped' });
  return issues;
}
