// What Electron's preload exposes on window.virtlab: nothing but the contract's channels.
import type { ContractErrorBody } from './errors.ts';
import type { EventMessage } from './events.ts';

export type WireResult = { ok: true; value: unknown } | { ok: false; error: ContractErrorBody };

export interface VirtlabPreloadApi {
  /** Calls one contract procedure by name; the preload refuses names outside the contract. */
  invoke(name: string, input: unknown): Promise<WireResult>;
  /** Subscribes to contract events; returns the unsubscribe function. */
  onEvent(listener: (message: EventMessage) => void): () => void;
}
