// The error shape every transport returns, so the UI shows the same message whatever carried it.
import { z } from 'zod';

export const ErrorCode = z.enum(['invalid-input', 'not-found', 'unauthorized', 'conflict', 'failed', 'internal']);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ContractErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  /** Per-field problems for invalid input: path and message, all of them at once. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ContractErrorBody = z.infer<typeof ContractErrorBody>;

export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ContractErrorBody['issues'],
  ) {
    super(message);
    this.name = 'ContractError';
  }
  toBody(): ContractErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}
