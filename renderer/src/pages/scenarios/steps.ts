// The wizard's steps and which step a validation issue belongs to, so "3 problems in Parameters" can be said.
export const STEPS = [
  { id: 'platforms', title: 'Platforms' },
  { id: 'benchmarks', title: 'Benchmarks' },
  { id: 'parameters', title: 'Parameters' },
  { id: 'execution', title: 'Execution' },
  { id: 'review', title: 'Review' },
] as const;
export type StepId = (typeof STEPS)[number]['id'];

export function stepOfIssue(path: string): StepId {
  if (/^(name|description|platforms|baseline)\b/.test(path)) return 'platforms';
  if (/^benchmarks\[\d+\]\.params/.test(path)) return 'parameters';
  if (/^benchmarks/.test(path)) return 'benchmarks';
  return 'execution';
}
