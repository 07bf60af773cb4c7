import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preferredHostKeyAlgorithms, SSH2_DEFAULT_HOST_KEY_ALGORITHMS } from '../../../main/ssh/host-key-algorithms.ts';
import { createHostKeyVerifier } from '../../../main/ssh/host-key-verifier.ts';
import { KnownHostsFile } from '../../../main/ssh/known-hosts/known-hosts-file.ts';
import { generateKey, tempDir } from './known-hosts/real-keys.ts';

const dir = tempDir('virtlab-algs-');
const ed = generateKey(dir, 'ed', 'ed25519');
const ec = generateKey(dir, 'ec', 'ecdsa');

describe('preferredHostKeyAlgorithms', () => {
  it('matches the installed ssh2 default list', () => {
    const constants = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as { DEFAULT_SERVER_HOST_KEY: string[] };
    expect([...SSH2_DEFAULT_HOST_KEY_ALGORITHMS]).toEqual(constants.DEFAULT_SERVER_HOST_KEY);
    expect(preferredHostKeyAlgorithms([])).toEqual(constants.DEFAULT_SERVER_HOST_KEY);
  });
  it('puts known key types first (RSA keys with their SHA-2 signatures)', () => {
    expect(preferredHostKeyAlgorithms(['ecdsa-sha2-nistp256']).slice(0, 2)).toEqual(['ecdsa-sha2-nistp256', 'ssh-ed25519']);
    expect(preferredHostKeyAlgorithms(['ssh-rsa']).slice(0, 4)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
    expect(preferredHostKeyAlgorithms(['ssh-dss', 'weird'])).toEqual([...SSH2_DEFAULT_HOST_KEY_ALGORITHMS]);
  });
});

describe('a server with ed25519 and ecdsa host keys, only ecdsa on record', () => {
  let server: ssh2.Server;
  let port = 0;
  beforeAll(async () => {
    server = new ssh2.Server({ hostKeys: [readFileSync(ed.path), readFileSync(ec.path)] }, (c) => {
      c.on('authentication', (ctx) => ctx.accept());
      c.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const attempt = async (serverHostKey?: ReturnType<typeof preferredHostKeyAlgorithms>) => {
    const kh = new KnownHostsFile(join(dir, `kh-${serverHostKey ? 'pref' : 'default'}`));
    await kh.appendLines([`[127.0.0.1]:${port} ${ec.keyType} ${ec.base64}`]);
    const check = createHostKeyVerifier({ knownHosts: kh, policy: 'accept-new' }).forSsh2('127.0.0.1', port);
    await new Promise<void>((resolve) => {
      const c = new ssh2.Client();
      c.on('ready', () => {
        c.end();
        resolve();
      });
      c.on('error', () => resolve());
      c.connect({
        host: '127.0.0.1',
        port,
        username: 'x',
        hostVerifier: check,
        readyTimeout: 10_000,
        ...(serverHostKey ? { algorithms: { serverHostKey } } : {}),
      });
    });
    return check.settled;
  };

  it('with the default offer the server shows ed25519, which accept-new will not take silently', async () => {
    const d = await attempt();
    expect(d).toMatchObject({ ok: false, how: 'unknown', facts: { keyType: 'ssh-ed25519' } });
  });

  it('offering the known type first verifies the stored ecdsa key', async () => {
    const kh = new KnownHostsFile(join(dir, 'probe'));
    await kh.appendLines([`[127.0.0.1]:${port} ${ec.keyType} ${ec.base64}`]);
    const d = await attempt(preferredHostKeyAlgorithms(await kh.knownKeyTypes('127.0.0.1', port)));
    expect(d).toMatchObject({ ok: true, how: 'known', facts: { keyType: 'ecdsa-sha2-nistp256' } });
  });
});
