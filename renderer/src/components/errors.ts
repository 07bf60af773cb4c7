// What a failed call means for the user: its message, and per-field problems by path when the core gave them.
export interface FieldIssue {
  path: string;
  message: string;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function issuesOf(error: unknown): FieldIssue[] {
  const issues = (error as { issues?: unknown })?.issues;
  return Array.isArray(issues) ? (issues as FieldIssue[]) : [];
}
