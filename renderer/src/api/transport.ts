// How the renderer reaches the core. Two implementations (Electron IPC, loopback bridge); nothing else knows which.
import type { EventMessage } from '../../../main/contract/events.ts';
import type { WireResult } from '../../../main/contract/preload-api.ts';

export interface Transport {
  readonly kind: 'electron' | 'bridge';
  invoke(name: string, input: unknown): Promise<WireResult>;
  onEvent(listener: (message: EventMessage) => void): () => void;
}
