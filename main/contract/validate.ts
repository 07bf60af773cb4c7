// Validating a payload against a procedure's schema, with every problem reported by path.
import type { z } from 'zod';
import { ContractError } from './errors.ts';

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
  throw new ContractError('invalid-input', `${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}
