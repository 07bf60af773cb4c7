import { describe, expect, it } from 'vitest';
import { isUnder, issueAt, unclaimed } from '../../../renderer/src/components/issues.ts';

const issues = [
  { path: 'name', message: 'use letters' },
  { path: 'benchmarks[1].params.fileSizes[3]', message: 'must be a power of two' },
  { path: 'benchmarks[1].params.fileSizes', message: 'values must not repeat' },
  { path: 'benchmarks[10].params.kernels', message: 'too small' },
  { path: 'failure.retries', message: 'too big' },
];

describe('validation issues by field path', () => {
  it('matches a field and what is inside it, not a longer sibling name', () => {
    expect(isUnder('benchmarks[1].params.fileSizes[3]', 'benchmarks[1].params.fileSizes')).toBe(true);
    expect(isUnder('benchmarks[10].params.kernels', 'benchmarks[1]')).toBe(false);
    expect(isUnder('failure.retries', 'failure')).toBe(true);
    expect(isUnder('names', 'name')).toBe(false);
  });

  it('says which item of a list is wrong', () => {
    expect(issueAt(issues, 'benchmarks[1].params.fileSizes')).toBe('item 4: must be a power of two; values must not repeat');
    expect(issueAt(issues, 'name')).toBe('use letters');
    expect(issueAt(issues, 'baseline')).toBeUndefined();
  });

  it('keeps issues no shown field claims', () => {
    expect(unclaimed(issues, ['name', 'benchmarks[1]', 'failure']).map((i) => i.path)).toEqual(['benchmarks[10].params.kernels']);
  });
});
