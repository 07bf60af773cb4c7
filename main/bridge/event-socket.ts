// GET /api/events upgraded to a WebSocket: every contract event, one JSON message each.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_WS_PROTOCOL, BRIDGE_WS_PROTOCOL_PREFIX } from '../contract/channels.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { OriginPolicy } from './origin-policy.ts';
import { tokenMatches } from './token.ts';

export function createEventSocket(bus: EventBus, token: string, policy: OriginPolicy) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    // The token travels as an offered subprotocol (browsers cannot set headers on a WebSocket); the server selects the
    // plain protocol, never the token, so the token is not echoed in the handshake answer.
    handleProtocols: (protocols) => (protocols.has(BRIDGE_WS_PROTOCOL) ? BRIDGE_WS_PROTOCOL : false),
  });

  wss.on('connection', (socket: WebSocket) => {
    const unsubscribe = bus.subscribe((message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    });
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });

  return {
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const offered = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim())
        .find((p) => p.startsWith(BRIDGE_WS_PROTOCOL_PREFIX));
      const presented = offered?.slice(BRIDGE_WS_PROTOCOL_PREFIX.length);
      if (!policy.hostAllowed(req.headers.host) || !policy.originAllowed(req.headers.origin)) return refuse(socket, 403);
      if (!tokenMatches(token, presented)) return refuse(socket, 401);
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close(): void {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

function refuse(socket: Duplex, status: 401 | 403): void {
  socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`);
}
