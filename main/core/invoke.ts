// Validate, call, validate: the one path every transport uses to run a procedure.
import { procedures, type Handlers, type ProcedureName } from '../contract/procedures.ts';
import { ContractError, type ContractErrorBody } from '../contract/errors.ts';
import { parseOrThrow } from '../contract/validate.ts';

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: ContractErrorBody };

export async function invokeProcedure(handlers: Handlers, name: ProcedureName, rawInput: unknown): Promise<InvokeResult> {
  try {
    const spec = procedures[name];
    const input = parseOrThrow(spec.input, rawInput ?? {}, `${name} input`);
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    const output = await handler(input);
    const checked = spec.output.safeParse(output);
    // The caller's input was fine: an output that breaks its own schema is our bug, not theirs.
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
      return { ok: false, error: { code: 'internal', message: `${name} returned a value outside its contract: ${issues.join('; ')}` } };
    }
    return { ok: true, value: checked.data };
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}

function toErrorBody(error: unknown): ContractErrorBody {
  if (error instanceof ContractError) return error.toBody();
  // Messages of our own errors are written to be shown; they never carry secrets (see main/secrets).
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'failed', message };
}
