// The trust layer against real sshd endpoints of the lab: host keys collected with ssh-keyscan (hashed),
// imported into an app known_hosts, verified strictly over ssh2; and argv quoting through real login shells.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import ssh2 from 'ssh2';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHostKeyVerifier, type Decision } from '../../../main/ssh/host-key-verifier.ts';
import { importOpenSshKnownHosts } from '../../../main/ssh/known-hosts/import-openssh.ts';
import { KnownHostsFile } from '../../../main/ssh/known-hosts/known-hosts-file.ts';
import { toShellCommand } from '../../../main/ssh/quote.ts';
import { assertLabTarget, loadInventory, type LabEndpointAny, type LabInventory } from '../../lab/api.ts';
import { keygenFind } from './known-hosts/real-keys.ts';

let inv: LabInventory;
let eps: LabEndpointAny[];
const dir = mkdtempSync(join(tmpdir(), 'vl-trust-'));

beforeAll(async () => {
  inv = loadInventory();
  eps = [...inv.hosts.slice(0, 2), ...inv.guests.slice(0, 1)];
  for (const e of eps) await assertLabTarget(e.address, inv.bridge);
});

type Auth = { privateKey: Buffer } | { password: string };

/** Opens one ssh2 connection with the given verifier; resolves the client (ready) or the explained error. */
function open(
  e: LabEndpointAny,
  check: ReturnType<ReturnType<typeof createHostKeyVerifier>['forSsh2']>,
  user = 'root',
  auth: Auth = { privateKey: readFileSync(inv.keyPath) },
): Promise<ssh2.Client | Error> {
  return new Promise((resolve) => {
    const c = new ssh2.Client();
    c.on('ready', () => resolve(c));
    c.on('error', (err) => resolve(check.explain(err)));
    c.connect({ host: e.address, port: e.port, username: user, hostVerifier: check, readyTimeout: 15_000, ...auth });
  });
}

function run(c: ssh2.Client, command: string): Promise<{ stdout: Buffer; code: number | null }> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, ch) => {
      if (err) return reject(err);
      const out: Buffer[] = [];
      ch.on('data', (d: Buffer) => out.push(d));
      ch.stderr.on('data', () => undefined);
      ch.on('close', (code: number | null) => resolve({ stdout: Buffer.concat(out), code }));
    });
  });
}

describe('host keys of real sshd endpoints', () => {
  it('ssh-keyscan -H output, imported, verifies strictly with the fingerprint ssh-keygen -lf gave', async () => {
    const scanned = join(dir, 'scanned');
    const lines = eps
      .map((e) =>
        execFileSync('ssh-keyscan', ['-H', '-t', 'ed25519', '-p', String(e.port), e.address], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
          timeout: 15_000,
        }),
      )
      .join('');
    writeFileSync(scanned, lines);
    const app = new KnownHostsFile(join(dir, 'app_known_hosts'));
    const res = await importOpenSshKnownHosts(app, { from: scanned, hosts: eps.map((e) => ({ host: e.address, port: e.port })) });
    expect(res.imported).toBe(eps.length);
    const v = createHostKeyVerifier({ knownHosts: app, policy: 'strict' });
    for (const e of eps) {
      const check = v.forSsh2(e.address, e.port);
      const c = await open(e, check);
      expect(c, e.name).toBeInstanceOf(ssh2.Client);
      (c as ssh2.Client).end();
      const d = check.decision as Decision;
      expect(d).toMatchObject({ ok: true, how: 'known', facts: { keyType: 'ssh-ed25519', fingerprint: e.hostKeyFingerprint } });
      expect(keygenFind(app.path, e.port === 22 ? e.address : `[${e.address}]:${e.port}`).length).toBe(1);
    }
  });

  it('accept-new records a first contact that then verifies strictly; a swapped key is refused by name', async () => {
    const app = new KnownHostsFile(join(dir, 'accept_new'));
    const notices: string[] = [];
    const first = createHostKeyVerifier({ knownHosts: app, policy: 'accept-new', onEvent: (ev) => notices.push(`${ev.type} ${ev.facts.host}`) });
    const e = eps[0]!;
    const c = await open(e, first.forSsh2(e.address, e.port));
    expect(c).toBeInstanceOf(ssh2.Client);
    (c as ssh2.Client).end();
    expect(notices).toEqual([`first-contact ${e.address}`]);
    const strict = createHostKeyVerifier({ knownHosts: app, policy: 'strict' });
    const again = await open(e, strict.forSsh2(e.address, e.port));
    expect(again).toBeInstanceOf(ssh2.Client);
    (again as ssh2.Client).end();

    // A known_hosts claiming endpoint 0 has endpoint 1's key: refused, message names both fingerprints.
    const other = eps[1]!;
    const swapped = new KnownHostsFile(join(dir, 'swapped'));
    writeFileSync(swapped.path, `${e.address} ${other.hostKeyPublic}\n`);
    const refuse = createHostKeyVerifier({ knownHosts: swapped, policy: 'accept-new' });
    const err = await open(e, refuse.forSsh2(e.address, e.port));
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).name).toBe('HostKeyMismatchError');
    expect((err as Error).message).toContain(e.hostKeyFingerprint);
    expect((err as Error).message).toContain(other.hostKeyFingerprint);
  });
});

describe('quoting through real remote login shells', () => {
  const hostile = fc.array(
    fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\0')),
    { minLength: 1, maxLength: 6 },
  );
  const fixed = ["it's", '$(touch /tmp/vl-pwned)', '`id`', '*', '~', '-rf', '', 'a\nb', '$HOME', '"', '\\', '!!', 'if', 'A=B', '日本'];

  for (const who of ['root', 'vlab'] as const) {
    it(`returns argv unchanged as ${who}`, async () => {
      const e = inv.hosts[0]!;
      const v = createHostKeyVerifier({ knownHosts: new KnownHostsFile(inv.knownHostsPath), policy: 'strict' });
      const pw = inv.passwordUsers.find((u) => u.name === 'vlab')!.password;
      const c = await open(e, v.forSsh2(e.address, e.port), who, who === 'root' ? { privateKey: readFileSync(inv.keyPath) } : { password: pw });
      expect(c).toBeInstanceOf(ssh2.Client);
      const client = c as ssh2.Client;
      try {
        const roundTrip = async (args: string[]): Promise<string[]> => {
          const r = await run(client, toShellCommand(['printf', '%s\\0', ...args]));
          expect(r.code).toBe(0);
          const parts = r.stdout.toString('utf8').split('\0');
          parts.pop();
          return parts;
        };
        expect(await roundTrip(fixed)).toEqual(fixed);
        const samples = fc.sample(hostile, { numRuns: 25, seed: 42 });
        for (const args of samples) expect(await roundTrip(args)).toEqual(args);
        expect((await run(client, toShellCommand(['test', '-e', '/tmp/vl-pwned']))).code).toBe(1);
      } finally {
        client.end();
      }
    });
  }
});
