// The one place the renderer's client and event stream are created; stores import from here.
import type { Client } from '../../../main/contract/procedures.ts';
import { createClient } from './client.ts';
import { selectTransport } from './select-transport.ts';
import type { Transport } from './transport.ts';

let transport: Transport | undefined;
let client: Client | undefined;

export function coreTransport(): Transport {
  transport ??= selectTransport();
  return transport;
}

export function api(): Client {
  client ??= createClient(coreTransport());
  return client;
}
