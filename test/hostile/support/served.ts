// The real bridge: `virtlab serve` in a child process over a data folder, called over HTTP and WebSocket as a hostile
// page or local user would, with its peak memory read from /proc (reset before each case).
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { peakKiB, resetPeak } from './process-memory.ts';

const BIN = resolve(import.meta.dirname, '..', '..', '..', 'bin', 'virtlab.mjs');

export interface Reply {
  status: number;
  body: string;
  ms: number;
}
export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface Served {
  readonly pid: number;
  readonly port: number;
  readonly token: string;
  /** A request exactly as given (no token or headers added). */
  raw(req: RawRequest): Promise<Reply>;
  /** A well-formed procedure call with the token. */
  call(name: string, input: unknown): Promise<Reply>;
  /** A WebSocket upgrade offering these subprotocols; resolves with the HTTP status of a refusal, or 101 and the
   * protocol the server chose. */
  upgrade(protocols: string[], origin?: string): Promise<{ status: number; protocol?: string }>;
  resetPeak(): void;
  peakKiB(): number;
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startServed(dataDir: string): Promise<Served> {
  const env: NodeJS.ProcessEnv = { ...process.env, VIRTLAB_DATA_DIR: dataDir };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  delete env.VIRTLAB_SECRETS_PASSPHRASE;
  const child: ChildProcess = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<URL>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`virtlab serve printed no address in 60 s: ${stderr}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        done(new URL(m[1]!));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`virtlab serve exited (${code}): ${stderr}`));
    });
  });
  const port = Number(url.port);
  const token = url.hash.slice('#token='.length);
  let exited = false;
  child.once('exit', () => (exited = true));

  const raw = ({ method = 'POST', path, headers = {}, body }: RawRequest): Promise<Reply> =>
    new Promise((done, fail) => {
      const t0 = performance.now();
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
      });
      req.setTimeout(120_000, () => req.destroy(new Error(`no answer to ${path} in 120 s`)));
      // The server may answer and close before a large body is sent: that answer is what counts.
      req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : fail(e)));
      req.end(body);
    });

  return {
    pid: child.pid!,
    port,
    token,
    raw,
    call: (name, input) =>
      raw({
        path: `/api/rpc/${encodeURIComponent(name)}`,
        headers: { 'content-type': 'application/json', 'x-virtlab-token': token },
        body: JSON.stringify(input),
      }),
    upgrade: (protocols, origin = `http://127.0.0.1:${port}`) =>
      new Promise((done) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, protocols, { origin });
        ws.once('unexpected-response', (_req, res) => {
          done({ status: res.statusCode ?? 0 });
          ws.terminate();
        });
        ws.once('open', () => {
          done({ status: 101, protocol: ws.protocol });
          ws.close();
        });
        ws.once('error', () => done({ status: 0 }));
      }),
    resetPeak: () => resetPeak(child.pid!),
    peakKiB: () => peakKiB(child.pid!),
    alive: () => !exited,
    stop: () =>
      new Promise<void>((done) => {
        if (exited) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
