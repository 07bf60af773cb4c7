// Transport over the loopback bridge: HTTP POST per procedure, one WebSocket for events.
import { BRIDGE_EVENTS_PATH, BRIDGE_TOKEN_HEADER, BRIDGE_WS_PROTOCOL, BRIDGE_WS_PROTOCOL_PREFIX, bridgeRpcPath } from '../../../main/contract/channels.ts';
import type { EventMessage } from '../../../main/contract/events.ts';
import type { WireResult } from '../../../main/contract/preload-api.ts';
import type { ProcedureName } from '../../../main/contract/procedures.ts';
import type { Transport } from './transport.ts';

export function bridgeTransport(origin: string, token: string): Transport {
  const listeners = new Set<(message: EventMessage) => void>();
  let socket: WebSocket | undefined;
  let retry = 500;

  function connect(): void {
    const url = origin.replace(/^http/, 'ws') + BRIDGE_EVENTS_PATH;
    socket = new WebSocket(url, [BRIDGE_WS_PROTOCOL, BRIDGE_WS_PROTOCOL_PREFIX + token]);
    socket.onmessage = (e) => {
      const message = JSON.parse(String(e.data)) as EventMessage;
      for (const listener of listeners) listener(message);
    };
    socket.onopen = () => (retry = 500);
    // The core may restart (npm start again); reconnect with a capped backoff.
    socket.onclose = () => {
      socket = undefined;
      if (listeners.size > 0) setTimeout(connect, (retry = Math.min(retry * 2, 10_000)));
    };
  }

  return {
    kind: 'bridge',
    async invoke(name, input) {
      const response = await fetch(origin + bridgeRpcPath(name as ProcedureName), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [BRIDGE_TOKEN_HEADER]: token },
        body: JSON.stringify(input ?? {}),
      });
      const body = (await response.json().catch(() => undefined)) as WireResult | undefined;
      return body ?? { ok: false, error: { code: 'internal', message: `The core answered HTTP ${response.status} without a body.` } };
    },
    onEvent(listener) {
      listeners.add(listener);
      if (!socket) connect();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) socket?.close();
      };
    },
  };
}
