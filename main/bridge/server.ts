// The loopback web bridge: the same contract as Electron's IPC, over HTTP + WebSocket on 127.0.0.1 only.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BRIDGE_EVENTS_PATH, BRIDGE_RPC_PREFIX, BRIDGE_TOKEN_HEADER } from '../contract/channels.ts';
import type { Core } from '../core/core.ts';
import { createEventSocket } from './event-socket.ts';
import { loopbackOriginPolicy, type OriginPolicy } from './origin-policy.ts';
import { handleRpc, sendJson } from './rpc-route.ts';
import { serveStatic } from './static-files.ts';
import { newBridgeToken, tokenMatches } from './token.ts';

export interface BridgeOptions {
  core: Core;
  /** Folder of the built renderer (renderer/dist). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

export interface Bridge {
  readonly port: number;
  readonly token: string;
  /** The address to open: the token travels in the fragment, which browsers never send to a server. */
  readonly url: string;
  close(): Promise<void>;
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? newBridgeToken();
  let policy: OriginPolicy = loopbackOriginPolicy(0);
  const server = createServer((req, res) => void route(req, res));
  const events = createEventSocket(options.core.bus, token, { hostAllowed: (h) => policy.hostAllowed(h), originAllowed: (o) => policy.originAllowed(o) });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!policy.hostAllowed(req.headers.host))
        return sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign Host header refused.' } });
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (path.startsWith('/api/')) {
        if (!policy.originAllowed(req.headers.origin))
          return sendJson(res, 403, { ok: false, error: { code: 'unauthorized', message: 'Foreign Origin refused.' } });
        const presented = req.headers[BRIDGE_TOKEN_HEADER];
        if (!tokenMatches(token, typeof presented === 'string' ? presented : undefined)) {
          return sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'Missing or wrong bridge token.' } });
        }
        if (path.startsWith(BRIDGE_RPC_PREFIX)) return await handleRpc(options.core.handlers, req, res, path);
        return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: `No API at ${path}.` } });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'invalid-input', message: 'Use GET.' } });
      serveStatic(options.staticDir, path, res);
    } catch (error) {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: (error as Error).message } });
    }
  }

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path !== BRIDGE_EVENTS_PATH) return socket.destroy();
    events.upgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  policy = loopbackOriginPolicy(port);

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
