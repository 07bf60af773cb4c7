// Test helper: one command over the npm ssh2 client, with the host key checked against the inventory's fingerprint.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import type { LabEndpointAny, LabInventory } from './inventory.ts';
import { assertLabTarget } from './net.ts';

export const fingerprintOfBlob = (blob: Buffer): string => `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;

export type Auth = { kind: 'key' } | { kind: 'password'; user: string; password: string } | { kind: 'keyboard-interactive'; user: string; password: string };

export async function ssh2Exec(
  inv: LabInventory,
  e: LabEndpointAny,
  command: string,
  opts: { auth?: Auth; expectFingerprint?: string } = {},
): Promise<{ stdout: string; code: number }> {
  await assertLabTarget(e.address, inv.bridge);
  const auth = opts.auth ?? { kind: 'key' };
  const expected = opts.expectFingerprint ?? e.hostKeyFingerprint;
  const config: ConnectConfig = {
    host: e.address,
    port: e.port,
    readyTimeout: 10_000,
    hostVerifier: (key: Buffer) => fingerprintOfBlob(key) === expected,
  };
  if (auth.kind === 'key') Object.assign(config, { username: inv.user, privateKey: readFileSync(inv.keyPath) });
  if (auth.kind === 'password') Object.assign(config, { username: auth.user, password: auth.password, authHandler: ['password'] });
  if (auth.kind === 'keyboard-interactive') {
    Object.assign(config, {
      username: auth.user,
      authHandler: [
        {
          type: 'keyboard-interactive',
          username: auth.user,
          prompt: (_n: string, _i: string, _l: string, prompts: unknown[], finish: (answers: string[]) => void) => finish(prompts.map(() => auth.password)),
        },
      ],
    });
  }
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.exec(command, (err, stream) => {
        if (err) {
          client.end();
          reject(err);
          return;
        }
        let stdout = '';
        stream.on('data', (d: Buffer) => {
          stdout += d.toString();
        });
        stream.stderr.on('data', () => undefined);
        stream.on('close', (code: number) => {
          client.end();
          resolve({ stdout, code });
        });
      });
    });
    client.connect(config);
  });
}
