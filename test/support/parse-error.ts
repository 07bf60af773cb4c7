// The ParseError a parser throws, for tests that read its line and reason; fails the test when it throws nothing else.
import { expect } from 'vitest';
import { ParseError } from '../../main/benchmarks/types.ts';

export function parseErrorOf(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error('expected a ParseError');
}
