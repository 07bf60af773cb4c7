// The typed client: one method per contract procedure, derived from the procedure names.
import { ContractError } from '../../../main/contract/errors.ts';
import { procedureNames, type Client, type ProcedureName } from '../../../main/contract/procedures.ts';
import type { Transport } from './transport.ts';

export function createClient(transport: Transport): Client {
  const client = {} as Record<ProcedureName, (input: unknown) => Promise<unknown>>;
  for (const name of procedureNames) {
    client[name] = async (input) => {
      const result = await transport.invoke(name, input);
      if (!result.ok) throw new ContractError(result.error.code, result.error.message, result.error.issues);
      return result.value;
    };
  }
  return client as unknown as Client;
}
