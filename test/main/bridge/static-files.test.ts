import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../../main/bridge/static-files.ts';

let root: string;
let server: Server;

/** A raw GET, path sent exactly as given (no client-side normalisation). */
function get(path: string): Promise<{ status: number; body: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (c: string) => {
          body += c;
        })
        .on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'virtlab-static-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'app.js'), 'console.log(1)');
  server = createServer((req, res) => serveStatic(root, (req.url ?? '/').split('?')[0]!, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => {
  server.close();
  rmSync(root, { recursive: true, force: true });
});

describe('serveStatic', () => {
  it('serves a file of the built renderer, and index.html for a page of the single-page app', async () => {
    expect(await get('/app.js')).toEqual({ status: 200, body: 'console.log(1)' });
    expect(await get('/campaigns/3')).toEqual({ status: 200, body: '<!doctype html><title>app</title>' });
  });

  it('refuses a path that climbs out, encoded or not, instead of answering with the app page', async () => {
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/../../etc/passwd', '/a/..%5c..%5cetc', '/x%2f..%2f..%2fapp.js']) {
      expect((await get(path)).status, path).toBe(403);
    }
  });

  it('refuses a NUL in the path and malformed percent-encoding', async () => {
    expect((await get('/index.html%00.js')).status).toBe(403);
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });
});
