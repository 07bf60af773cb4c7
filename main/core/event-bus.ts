// Typed fan-out of contract events to every connected UI (Electron windows, bridge sockets, CLI).
import type { EventMessage, EventName, EventPayload } from '../contract/events.ts';

export type EventListener = (message: EventMessage) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const message = { name, payload } as EventMessage;
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // One broken subscriber must not stop the others; it removes itself on close.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
