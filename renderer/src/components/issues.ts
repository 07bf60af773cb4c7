// Validation issues by path (`benchmarks[1].params.fileSizes[3]`): which belong to a field, which to none shown.
import type { FieldIssue } from './errors.ts';

/** True when `issuePath` is `fieldPath` itself or something inside it (an element or a property). */
export function isUnder(issuePath: string, fieldPath: string): boolean {
  if (issuePath === fieldPath) return true;
  if (!issuePath.startsWith(fieldPath)) return false;
  const next = issuePath[fieldPath.length];
  return next === '.' || next === '[';
}

/** The messages about one field, joined; an element's message says which element ("item 4: ..."). */
export function issueAt(issues: readonly FieldIssue[], fieldPath: string): string | undefined {
  const mine = issues.filter((i) => isUnder(i.path, fieldPath));
  if (mine.length === 0) return undefined;
  return mine
    .map((i) => {
      const rest = i.path.slice(fieldPath.length);
      const m = /^\[(\d+)\]$/.exec(rest);
      return m ? `item ${Number(m[1]) + 1}: ${i.message}` : rest ? `${rest.replace(/^\./, '')}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** Issues that no shown field claims, so they are listed apart instead of being lost. */
export function unclaimed(issues: readonly FieldIssue[], shownPaths: readonly string[]): FieldIssue[] {
  return issues.filter((i) => !shownPaths.some((p) => isUnder(i.path, p)));
}
