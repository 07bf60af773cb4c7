// Bridges the verifier's `confirm` to the UI: emits a hosts.hostKeyPrompt event with a request id and waits
// for hosts.answerHostKey. No answer before the deadline means refuse.
import { randomUUID } from 'node:crypto';
import type { HostKeyQuestion } from './host-key-verifier.ts';

export interface HostKeyPromptEvent extends HostKeyQuestion {
  requestId: string;
  expiresAt: string;
}

export interface HostKeyPromptBroker {
  confirm(q: HostKeyQuestion): Promise<boolean>;
  /** False when the request id is unknown or already answered/expired. */
  answer(requestId: string, accept: boolean): boolean;
  pending(): HostKeyPromptEvent[];
}

export function createHostKeyPromptBroker(opts: { emit: (e: HostKeyPromptEvent) => void; timeoutMs?: number }): HostKeyPromptBroker {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const open = new Map<string, { event: HostKeyPromptEvent; resolve: (ok: boolean) => void; timer: NodeJS.Timeout }>();
  return {
    confirm(q) {
      return new Promise<boolean>((resolve) => {
        const requestId = randomUUID();
        const event: HostKeyPromptEvent = { ...q, requestId, expiresAt: new Date(Date.now() + timeoutMs).toISOString() };
        const timer = setTimeout(() => {
          open.delete(requestId);
          resolve(false);
        }, timeoutMs);
        timer.unref?.();
        open.set(requestId, { event, resolve, timer });
        opts.emit(event);
      });
    },
    answer(requestId, accept) {
      const p = open.get(requestId);
      if (!p) return false;
      open.delete(requestId);
      clearTimeout(p.timer);
      p.resolve(accept === true);
      return true;
    },
    pending: () => [...open.values()].map((p) => p.event),
  };
}
