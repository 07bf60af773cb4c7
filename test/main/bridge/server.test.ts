import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startCore, type Core } from '../../../main/core/core.ts';
import { startBridge, type Bridge } from '../../../main/bridge/server.ts';

let core: Core;
let bridge: Bridge;
let staticDir: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vl-bridge-'));
  staticDir = join(dir, 'www');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>VirtLab</title>');
  core = startCore({ dataDir: join(dir, 'data'), host: 'bridge' });
  bridge = await startBridge({ core, staticDir });
});
afterAll(async () => {
  await bridge.close();
  await core.close();
});

// Raw http.request so we can set Host and Origin exactly as a hostile page or rebinding DNS would.
function post(path: string, headers: Record<string, string>, body = '{}'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('bridge', () => {
  it('listens on loopback only and puts the token in the URL fragment', () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/#token=[A-Za-z0-9_-]{43}$`));
  });

  it('answers a procedure with the right token', async () => {
    const res = await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.value.name).toBe('VirtLab');
    expect(body.value.databasePath).toBe(core.context.databasePath);
  });

  it('refuses a wrong or missing token with 401', async () => {
    expect((await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token.slice(0, -1) + 'x' })).status).toBe(401);
    expect((await post('/api/rpc/app.info', {})).status).toBe(401);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const res = await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.message).toMatch(/Origin/);
  });

  it('accepts its own Origin', async () => {
    const res = await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token, origin: `http://127.0.0.1:${bridge.port}` });
    expect(res.status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token, host: `rebind.example:${bridge.port}` });
    expect(res.status).toBe(403);
  });

  it('rejects invalid input with every problem by path', async () => {
    const res = await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token }, '{"unexpected": 1}');
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body);
    expect(body.error.code).toBe('invalid-input');
    expect(body.error.issues.length).toBeGreaterThan(0);
  });

  it('answers 404 for a name outside the contract', async () => {
    expect((await post('/api/rpc/fs.readFile', { 'x-virtlab-token': bridge.token })).status).toBe(404);
  });

  it('opens the event socket only with the token and our Origin, and delivers events', async () => {
    const url = `ws://127.0.0.1:${bridge.port}/api/events`;
    const refused = (protocols: string[], origin?: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, protocols, origin ? { origin } : {});
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
        ws.on('error', () => undefined);
      });
    expect(await refused(['virtlab.token.wrong'])).toBe(401);
    expect(await refused([`virtlab.token.${bridge.token}`], 'http://evil.example')).toBe(403);

    const ws = new WebSocket(url, ['virtlab.v1', `virtlab.token.${bridge.token}`], { origin: `http://127.0.0.1:${bridge.port}` });
    const answered = new Promise<string | undefined>((resolve) => ws.once('upgrade', (res) => resolve(res.headers['sec-websocket-protocol'])));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    // The server selects the plain protocol: the token is not echoed back in the handshake.
    expect(await answered).toBe('virtlab.v1');
    expect(ws.protocol).toBe('virtlab.v1');
    const received = new Promise<string>((resolve) => ws.once('message', (data) => resolve(String(data))));
    core.bus.emit('app.notice', { level: 'info', message: 'hello', at: new Date(0).toISOString() });
    expect(JSON.parse(await received)).toEqual({ name: 'app.notice', payload: { level: 'info', message: 'hello', at: '1970-01-01T00:00:00.000Z' } });
    ws.close();
  });

  it('serves the renderer with the strict CSP', async () => {
    const res = await fetch(`http://127.0.0.1:${bridge.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('VirtLab');
  });

  it('does not serve files outside its folder', async () => {
    for (const path of ['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve) => {
        request({ host: '127.0.0.1', port: bridge.port, path }, (r) => {
          let text = '';
          r.on('data', (c) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
        }).end();
      });
      expect(body, path).not.toContain('root:');
      expect([200, 403], path).toContain(status);
    }
  });

  it('answers malformed percent-encoding with 400 and a media type other than exactly JSON with 415', async () => {
    expect((await post('/api/rpc/app.info%E0%A4%A', { 'x-virtlab-token': bridge.token })).status).toBe(400);
    const page = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port: bridge.port, path: '/%E0%A4%A' }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      }).end();
    });
    expect(page).toBe(400);
    expect((await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token, 'content-type': 'application/jsonfoo' })).status).toBe(415);
    expect((await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token, 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await post('/api/rpc/app.info', { 'x-virtlab-token': bridge.token })).status).toBe(200);
  });

  it('answers a body over 8 MiB with 413 and closes that connection, so the next request of that client is answered', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: Buffer | string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: bridge.port,
            path: '/api/rpc/app.info',
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'x-virtlab-token': bridge.token },
          },
          (r) => {
            r.resume();
            r.on('end', () => resolve(r.statusCode ?? 0));
          },
        );
        req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
        req.end(body);
      });
    try {
      expect(await send(Buffer.alloc(9 * 1024 * 1024, 0x20))).toBe(413);
      const next = await Promise.race([send('{}'), new Promise<string>((r) => setTimeout(() => r('no answer in 10 s'), 10_000))]);
      expect(next).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});
