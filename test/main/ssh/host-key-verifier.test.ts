import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostKeyMismatchError } from '../../../main/ssh/host-key-errors.ts';
import { createHostKeyPromptBroker } from '../../../main/ssh/host-key-prompts.ts';
import { createHostKeyVerifier, type HostKeyEvent, type HostKeyPolicy, type HostKeyQuestion } from '../../../main/ssh/host-key-verifier.ts';
import { fingerprintSha256 } from '../../../main/ssh/known-hosts/key-blob.ts';
import { KnownHostsFile } from '../../../main/ssh/known-hosts/known-hosts-file.ts';
import { generateKey, tempDir } from './known-hosts/real-keys.ts';

const dir = tempDir('virtlab-hkv-');
const hostKey = generateKey(dir, 'host', 'ed25519');
const otherKey = generateKey(dir, 'impostor', 'ed25519');
const ecKey = generateKey(dir, 'ec', 'ecdsa');
let n = 0;
const freshFile = (content = ''): KnownHostsFile => {
  const path = join(dir, `kh-${n++}`);
  if (content) writeFileSync(path, content);
  return new KnownHostsFile(path);
};
const line = (host: string, k = hostKey): string => `${host} ${k.keyType} ${k.base64}\n`;

describe('createHostKeyVerifier', () => {
  it('has no way to switch verification off', () => {
    expect(() => createHostKeyVerifier({ knownHosts: freshFile(), policy: 'none' as HostKeyPolicy })).toThrow(/unknown host key policy/);
    expect(() => createHostKeyVerifier({ knownHosts: freshFile(), policy: 'ask' })).toThrow(/confirm/);
  });

  it('strict: accepts a known key, refuses an unknown one without writing', async () => {
    const kh = freshFile(line('node01'));
    const v = createHostKeyVerifier({ knownHosts: kh, policy: 'strict' });
    expect(await v.verify('node01', 22, hostKey.blob)).toMatchObject({ ok: true, how: 'known' });
    const d = await v.verify('node02', 22, hostKey.blob);
    expect(d).toMatchObject({ ok: false, how: 'unknown' });
    expect(!d.ok && d.error.message).toContain('node02');
    expect(readFileSync(kh.path, 'utf8')).toBe(line('node01'));
  });

  it.each(['strict', 'ask', 'accept-new'] as const)('%s: a changed key is always refused with both fingerprints named', async (policy) => {
    const kh = freshFile(line('node01'));
    const asked: HostKeyQuestion[] = [];
    const v = createHostKeyVerifier({
      knownHosts: kh,
      policy,
      confirm: async (q) => {
        asked.push(q);
        return true;
      },
    });
    const d = await v.verify('node01', 22, otherKey.blob);
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.how).toBe('changed');
    expect(d.error).toBeInstanceOf(HostKeyMismatchError);
    expect(d.error.message).toContain('node01');
    expect(d.error.message).toContain(fingerprintSha256(hostKey.blob));
    expect(d.error.message).toContain(fingerprintSha256(otherKey.blob));
    expect(asked).toEqual([]); // never even offered to the user
    expect(readFileSync(kh.path, 'utf8')).toBe(line('node01'));
    expect(v.lastDecision('node01', 22)).toBe(d);
  });

  it('accept-new: records a first contact once, reports it, then knows it', async () => {
    const kh = freshFile();
    const events: HostKeyEvent[] = [];
    const v = createHostKeyVerifier({ knownHosts: kh, policy: 'accept-new', onEvent: (e) => events.push(e) });
    const all = await Promise.all(Array.from({ length: 6 }, () => v.verify('node05', 2222, hostKey.blob)));
    expect(all.every((d) => d.ok && d.how === 'first-contact')).toBe(true);
    expect(readFileSync(kh.path, 'utf8')).toBe(line('[node05]:2222'));
    expect(events.filter((e) => e.type === 'first-contact').length).toBe(6);
    expect(events[0]).toMatchObject({
      type: 'first-contact',
      facts: { host: 'node05', port: 2222, keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(hostKey.blob) },
    });
    expect(await v.verify('node05', 2222, hostKey.blob)).toMatchObject({ ok: true, how: 'known' });
  });

  it('accept-new: a new key type for a host with other types on record is not taken silently', async () => {
    const v = createHostKeyVerifier({ knownHosts: freshFile(line('node01')), policy: 'accept-new' });
    const d = await v.verify('node01', 22, ecKey.blob);
    expect(d).toMatchObject({ ok: false, how: 'unknown' });
    expect(!d.ok && d.error.message).toMatch(/ssh-ed25519 are already on record/);
  });

  it('ask: asks once for parallel connections, remembers yes, refuses no', async () => {
    const kh = freshFile();
    const asked: HostKeyQuestion[] = [];
    let answer = true;
    const v = createHostKeyVerifier({
      knownHosts: kh,
      policy: 'ask',
      confirm: async (q) => {
        asked.push(q);
        await new Promise((r) => setTimeout(r, 20));
        return answer;
      },
    });
    const ds = await Promise.all([1, 2, 3].map(() => v.verify('gw', 22, hostKey.blob)));
    expect(ds.map((d) => d.ok && d.how)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(asked).toEqual([{ host: 'gw', port: 22, keyType: 'ssh-ed25519', fingerprint: fingerprintSha256(hostKey.blob), otherKnownTypes: [] }]);
    expect((await kh.lookup('gw', 22, hostKey.blob)).status).toBe('match');
    answer = false;
    expect(await v.verify('gw2', 22, hostKey.blob)).toMatchObject({ ok: false, how: 'declined' });
    expect((await kh.lookup('gw2', 22, hostKey.blob)).status).toBe('unknown');
  });

  it('ask: a confirm that throws is a refusal', async () => {
    const v = createHostKeyVerifier({
      knownHosts: freshFile(),
      policy: 'ask',
      confirm: async () => {
        throw new Error('window closed');
      },
    });
    const d = await v.verify('gw', 22, hostKey.blob);
    expect(d).toMatchObject({ ok: false, how: 'declined' });
    expect(!d.ok && d.error.message).toContain('window closed');
  });

  it('a revoked key is refused even under ask', async () => {
    const v = createHostKeyVerifier({ knownHosts: freshFile(`@revoked * ${hostKey.keyType} ${hostKey.base64}\n`), policy: 'ask', confirm: async () => true });
    expect(await v.verify('any', 22, hostKey.blob)).toMatchObject({ ok: false, how: 'revoked' });
  });

  it('the prompt broker turns questions into events and answers into decisions', async () => {
    const kh = freshFile();
    const broker = createHostKeyPromptBroker({ emit: (e) => setTimeout(() => broker.answer(e.requestId, e.host === 'yes-host'), 5), timeoutMs: 5000 });
    const v = createHostKeyVerifier({ knownHosts: kh, policy: 'ask', confirm: broker.confirm });
    expect(await v.verify('yes-host', 22, hostKey.blob)).toMatchObject({ ok: true, how: 'confirmed' });
    expect(await v.verify('no-host', 22, hostKey.blob)).toMatchObject({ ok: false, how: 'declined' });
    expect(broker.answer('not-a-request', true)).toBe(false);
    const silent = createHostKeyPromptBroker({ emit: () => undefined, timeoutMs: 30 });
    expect(await silent.confirm({ host: 'h', port: 22, keyType: 't', fingerprint: 'f', otherKnownTypes: [] })).toBe(false);
  });
});

describe('forSsh2 with a real ssh2 handshake on loopback', () => {
  let server: ssh2.Server;
  let port = 0;
  beforeAll(async () => {
    server = new ssh2.Server({ hostKeys: [readFileSync(hostKey.path)] }, (client) => {
      client.on('authentication', (ctx) => ctx.accept());
      client.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const connect = (hostVerifier: ReturnType<ReturnType<typeof createHostKeyVerifier>['forSsh2']>): Promise<'ready' | Error> =>
    new Promise((resolve) => {
      const c = new ssh2.Client();
      c.on('ready', () => {
        c.end();
        resolve('ready');
      });
      c.on('error', (e) => resolve(hostVerifier.explain(e)));
      c.connect({ host: '127.0.0.1', port, username: 'x', hostVerifier, readyTimeout: 10_000 });
    });

  it('connects to a known host', async () => {
    const v = createHostKeyVerifier({ knownHosts: freshFile(line(`[127.0.0.1]:${port}`)), policy: 'strict' });
    const check = v.forSsh2('127.0.0.1', port);
    expect(check.length).toBe(2); // ssh2 only waits for the callback when the function takes two parameters
    expect(await connect(check)).toBe('ready');
    expect(check.decision).toMatchObject({ ok: true, how: 'known' });
  });

  it('refuses a changed key and explains why instead of ssh2 generic message', async () => {
    const v = createHostKeyVerifier({ knownHosts: freshFile(line(`[127.0.0.1]:${port}`, otherKey)), policy: 'accept-new' });
    const check = v.forSsh2('127.0.0.1', port);
    const result = await connect(check);
    expect(result).toBeInstanceOf(HostKeyMismatchError);
    expect((result as Error).message).toContain(fingerprintSha256(hostKey.blob));
    expect((await check.settled).ok).toBe(false);
  });

  it('accept-new connects to a new host and records it', async () => {
    const kh = freshFile();
    const v = createHostKeyVerifier({ knownHosts: kh, policy: 'accept-new' });
    expect(await connect(v.forSsh2('127.0.0.1', port))).toBe('ready');
    expect(readFileSync(kh.path, 'utf8')).toBe(line(`[127.0.0.1]:${port}`));
  });
});

describe('forSsh2 misuse', () => {
  it('refuses when ssh2 hands it a hashed key (hostHash set)', async () => {
    const v = createHostKeyVerifier({ knownHosts: freshFile(line('node01')), policy: 'accept-new' });
    const check = v.forSsh2('node01', 22);
    const answers: boolean[] = [];
    const ret = (check as unknown as (k: string, cb: (ok: boolean) => void) => unknown)('ab12cd', (ok) => answers.push(ok));
    expect(ret).toBeUndefined();
    expect(answers).toEqual([false]);
    expect(check.decision).toMatchObject({ ok: false, how: 'error' });
    expect(check.explain(new Error('Host denied')).message).toMatch(/hostHash/);
  });
});
