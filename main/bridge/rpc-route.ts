// POST /api/rpc/<procedure>: one procedure per path, JSON in and out, validated by the contract.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BRIDGE_RPC_PREFIX } from '../contract/channels.ts';
import type { ErrorCode } from '../contract/errors.ts';
import { isProcedureName, type Handlers } from '../contract/procedures.ts';
import { invokeProcedure } from '../core/invoke.ts';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

const STATUS: Record<ErrorCode, number> = {
  'invalid-input': 400,
  unauthorized: 401,
  'not-found': 404,
  conflict: 409,
  failed: 422,
  internal: 500,
};

export async function handleRpc(handlers: Handlers, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  let name: string;
  try {
    name = decodeURIComponent(path.slice(BRIDGE_RPC_PREFIX.length));
  } catch {
    return sendJson(res, 400, { ok: false, error: { code: 'invalid-input', message: 'Malformed percent-encoding in the path.' } });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'invalid-input', message: 'Use POST.' } });
  if (!isProcedureName(name)) return sendJson(res, 404, { ok: false, error: { code: 'not-found', message: `No procedure named ${name}.` } });
  // A JSON content type forces a CORS preflight on any cross-site attempt, which we never answer.
  // The media type exactly (parameters such as charset aside): "application/jsonfoo" is not JSON.
  if ((req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') {
    return sendJson(res, 415, { ok: false, error: { code: 'invalid-input', message: 'Send application/json.' } });
  }
  let body: unknown;
  try {
    body = await readJson(req);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) return sendJson(res, 400, { ok: false, error: { code: 'invalid-input', message: (error as Error).message } });
    // The rest of the body is never read: the connection cannot carry another request, so it is closed after the
    // answer (kept open, the client's next request on it would wait forever).
    res.setHeader('connection', 'close');
    return sendJson(res, 413, { ok: false, error: { code: 'invalid-input', message: error.message } });
  }
  const result = await invokeProcedure(handlers, name, body);
  sendJson(res, result.ok ? 200 : STATUS[result.error.code], result);
}

class BodyTooLarge extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge(`Request body over ${MAX_BODY_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('Request body is not valid JSON.');
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(text);
}
