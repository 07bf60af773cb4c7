// Every auth method against real lab sshd hosts, failures with clear secret-free messages, and ProxyJump.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/secrets/memory-store.ts';
import { connect } from '../../../main/ssh/connection.ts';
import type { SshEndpoint } from '../../../main/ssh/endpoint.ts';
import { SshError } from '../../../main/ssh/errors.ts';
import { exec } from '../../../main/ssh/exec.ts';
import { SshPool } from '../../../main/ssh/pool.ts';
import { stopPid } from '../../lab/api.ts';
import { openLab, type Lab } from './support/lab.ts';
import { strictHostKeys } from './support/strict-host-keys.ts';

let lab: Lab;
let dir: string;
let agentPid: number | undefined;

async function whoami(ep: SshEndpoint, opts: Parameters<typeof connect>[1]): Promise<string> {
  const pool = new SshPool(opts);
  try {
    const r = await exec(pool.host(ep), ['sh', '-c', 'id -un; echo "$SSH_CLIENT"']);
    expect(r.code).toBe(0);
    return r.stdout;
  } finally {
    await pool.closeAll();
  }
}

async function failure(p: Promise<unknown>): Promise<SshError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(SshError);
  return e as SshError;
}

beforeAll(async () => {
  lab = await openLab();
  dir = mkdtempSync(join(tmpdir(), 'vl-conn-'));
});

afterAll(async () => {
  if (agentPid) await stopPid(agentPid);
  rmSync(dir, { recursive: true, force: true });
});

describe('authentication against lab hosts', () => {
  it('publickey: the lab key as root', async () => {
    const h = lab.inv.hosts[0]!;
    expect((await whoami(lab.rootEndpoint(h), { hostKeys: lab.hostKeys })).split('\n')[0]).toBe('root');
  });

  it('publickey with a passphrase read from the SecretStore', async () => {
    const enc = join(dir, 'lab_key_enc');
    copyFileSync(lab.inv.keyPath, enc);
    execFileSync('ssh-keygen', ['-q', '-p', '-f', enc, '-P', '', '-N', 'correct horse']);
    const secrets = createMemorySecretStore({ [`key:${enc}:passphrase`]: 'correct horse' });
    const ep = { ...lab.rootEndpoint(lab.inv.hosts[1]!), auth: [{ method: 'publickey' as const, keyPath: enc, passphraseRef: `key:${enc}:passphrase` }] };
    expect((await whoami(ep, { hostKeys: lab.hostKeys, secrets })).split('\n')[0]).toBe('root');

    const noPass = await failure(connect({ ...ep, auth: [{ method: 'publickey', keyPath: enc }] }, { hostKeys: lab.hostKeys }));
    expect(noPass.message).toMatch(/cannot use private key .*lab_key_enc.*encrypted and no passphrase/);
    const wrong = createMemorySecretStore({ [`key:${enc}:passphrase`]: 'wrong horse' });
    const bad = await failure(connect(ep, { hostKeys: lab.hostKeys, secrets: wrong }));
    expect(bad.message).toMatch(/passphrase does not decrypt it/);
    expect(bad.message).not.toContain('horse');
  });

  it('ssh-agent through its socket', async () => {
    const sock = join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    agentPid = agent.pid;
    for (let i = 0; i < 50; i++) {
      try {
        readFileSync(sock);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    execFileSync('ssh-add', ['-q', lab.inv.keyPath], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
    const ep = { ...lab.rootEndpoint(lab.inv.hosts[0]!), auth: [{ method: 'agent' as const, socketPath: sock }] };
    expect((await whoami(ep, { hostKeys: lab.hostKeys })).split('\n')[0]).toBe('root');
  });

  it('password and keyboard-interactive for the lab password users', async () => {
    const [vlab, vlabnp] = lab.inv.passwordUsers;
    const secrets = createMemorySecretStore({ 'host:lab:vlab': vlab!.password, 'host:lab:vlabnp': vlabnp!.password });
    const byPassword = lab.endpointAs(lab.inv.hosts[1]!, vlab!.name, [{ method: 'password', passwordRef: 'host:lab:vlab' }]);
    expect((await whoami(byPassword, { hostKeys: lab.hostKeys, secrets })).split('\n')[0]).toBe('vlab');
    const byKbd = lab.endpointAs(lab.inv.guests[0]!, vlabnp!.name, [{ method: 'keyboard-interactive', passwordRef: 'host:lab:vlabnp' }]);
    expect((await whoami(byKbd, { hostKeys: lab.hostKeys, secrets })).split('\n')[0]).toBe('vlabnp');
  });

  it('a wrong key fails with the methods tried', async () => {
    const stranger = join(dir, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', stranger]);
    const h = lab.inv.hosts[0]!;
    const e = await failure(connect({ ...lab.rootEndpoint(h), auth: [{ method: 'publickey', keyPath: stranger }] }, { hostKeys: lab.hostKeys }));
    expect(e.kind).toBe('auth');
    expect(e.message).toBe(`authentication failed for root@${h.address}:22 (methods tried: publickey ${stranger})`);
  });

  it('a wrong password fails clearly and never shows the password', async () => {
    const secrets = createMemorySecretStore({ pw: 'not-the-password-42' });
    const h = lab.inv.hosts[1]!;
    const ep = lab.endpointAs(h, 'vlab', [
      { method: 'password', passwordRef: 'pw' },
      { method: 'keyboard-interactive', passwordRef: 'pw' },
    ]);
    const e = await failure(connect(ep, { hostKeys: lab.hostKeys, secrets }));
    expect(e.kind).toBe('auth');
    expect(e.message).toBe(`authentication failed for vlab@${h.address}:22 (methods tried: password, keyboard-interactive)`);
    expect(JSON.stringify({ ...e, m: e.message, s: e.stack })).not.toContain('not-the-password-42');
  });

  it('a missing secret is a config error naming the secret, not the value', async () => {
    const e = await failure(
      connect(lab.endpointAs(lab.inv.hosts[0]!, 'vlab', [{ method: 'password', passwordRef: 'nowhere' }]), {
        hostKeys: lab.hostKeys,
        secrets: createMemorySecretStore(),
      }),
    );
    expect(e.kind).toBe('config');
    expect(e.message).toContain('no secret "nowhere"');
  });
});

describe('host keys', () => {
  it('refuses a changed host key with both fingerprints in the message', async () => {
    const [a, b] = lab.inv.hosts;
    // known_hosts that claims host a has host b's key.
    const kh = join(dir, 'known_hosts_swapped');
    writeFileSync(kh, `${a!.address} ${b!.hostKeyPublic}\n`);
    const e = await failure(connect(lab.rootEndpoint(a!), { hostKeys: strictHostKeys(kh) }));
    expect(e.kind).toBe('host-key');
    expect(e.message).toContain('HOST KEY CHANGED');
    expect(e.message).toContain(a!.hostKeyFingerprint);
    expect(e.message).toContain(b!.hostKeyFingerprint);
  });

  it('refuses an unknown host under the strict policy', async () => {
    const kh = join(dir, 'known_hosts_empty');
    writeFileSync(kh, '');
    const e = await failure(connect(lab.rootEndpoint(lab.inv.hosts[0]!), { hostKeys: strictHostKeys(kh) }));
    expect(e.kind).toBe('host-key');
    expect(e.message).toContain(lab.inv.hosts[0]!.hostKeyFingerprint);
  });

  it('cannot connect without a host key check', async () => {
    const e = await failure(connect(lab.rootEndpoint(lab.inv.hosts[0]!), undefined as never));
    expect(e.message).toMatch(/without a host key check/);
    expect(() => new SshPool({} as never)).toThrow(/host key check/);
  });
});

describe('ProxyJump', () => {
  it('reaches a guest through its host: the guest sees the host as the SSH client', async () => {
    const guest = lab.inv.guests[0]!;
    const host = lab.inv.hosts.find((h) => h.name === guest.host)!;
    const direct = (await whoami(lab.rootEndpoint(guest), { hostKeys: lab.hostKeys })).split('\n')[1]!;
    const hopped = (await whoami(lab.rootEndpoint(guest, { jump: [lab.rootEndpoint(host)] }), { hostKeys: lab.hostKeys })).split('\n')[1]!;
    expect(direct.split(' ')[0]).toBe(lab.inv.bridgeAddress);
    // The hop leaves from the host's own address on the guest's link.
    const hostPool = new SshPool({ hostKeys: lab.hostKeys });
    const addrs = (await exec(hostPool.host(lab.rootEndpoint(host)), ['ip', '-o', '-4', 'addr', 'show'])).stdout;
    await hostPool.closeAll();
    const hostAddresses = [...addrs.matchAll(/inet (\d+\.\d+\.\d+\.\d+)\//g)].map((m) => m[1]);
    const from = hopped.split(' ')[0]!;
    expect(from).not.toBe(lab.inv.bridgeAddress);
    expect(hostAddresses).toContain(from);
  });

  it('a two-hop chain (host -> other host -> guest) works and is labelled as a route', async () => {
    const [h1, h2] = lab.inv.hosts;
    const guest = lab.inv.guests.find((g) => g.host === h2!.name)!;
    const conn = await connect(lab.rootEndpoint(guest, { jump: [lab.rootEndpoint(h1!), lab.rootEndpoint(h2!)] }), { hostKeys: lab.hostKeys });
    try {
      expect(conn.label).toBe(`root@${h1!.address}:22 -> root@${h2!.address}:22 -> root@${guest.address}:22`);
    } finally {
      await conn.close();
    }
  });
});
