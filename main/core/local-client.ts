// A client of the core's handlers inside its own process (the CLI): every call takes the one path the bridge and
// Electron's IPC take (input validated, output checked), and a refusal comes back as the same ContractError.
import { ContractError } from '../contract/errors.ts';
import { procedureNames, type Client, type Handlers } from '../contract/procedures.ts';
import { invokeProcedure } from './invoke.ts';

export function createLocalClient(handlers: Handlers): Client {
  const client: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const name of procedureNames) {
    client[name] = async (input) => {
      const r = await invokeProcedure(handlers, name, input);
      if (!r.ok) throw new ContractError(r.error.code, r.error.message, r.error.issues);
      return r.value;
    };
  }
  return client as Client;
}
