// The hosts procedures against real lab sshd hosts: add, host key question answered through the event/procedure pair,
// remembered key, check via a jump host, and clear failures.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../../main/contract/events.ts';
import { startCore, type Core } from '../../../../main/core/core.ts';
import { endpoint, loadInventory, type LabInventory } from '../../../lab/api.ts';

let core: Core;
let inv: LabInventory;
const events: EventMessage[] = [];

beforeAll(() => {
  inv = loadInventory();
  core = startCore({ dataDir: mkdtempSync(join(tmpdir(), 'vl-hosts-')), host: 'bridge', hostKeyPolicy: 'ask' });
  core.bus.subscribe((m) => events.push(m));
});
afterAll(async () => core?.close());

const h = (c: Core) => c.handlers;
const hostRecord = (name: string, extra: Record<string, unknown> = {}) => {
  const e = endpoint(inv, name);
  return { name, address: e.address, port: e.port, user: 'root', auth: { kind: 'key' as const, keyPath: inv.keyPath }, jump: [], tags: ['lab'], ...extra };
};

describe('hosts procedures on the lab', () => {
  it('asks about an unknown host key, and an accepted key is remembered', async () => {
    const first = inv.hosts[0]!;
    await h(core)['hosts.add'](hostRecord(first.name));
    // Answer the question the UI would show, with the fingerprint it carries.
    const answered = new Promise<void>((resolve) => {
      const off = core.bus.subscribe((m) => {
        if (m.name !== 'hosts.hostKeyPrompt') return;
        expect(m.payload.fingerprint).toBe(first.hostKeyFingerprint);
        expect(m.payload.host).toBe(first.address);
        const handlers = h(core);
        void handlers['hosts.answerHostKey']({ requestId: m.payload.requestId, accept: true }).then((r) => {
          expect(r.ok).toBe(true);
          off();
          resolve();
        });
      });
    });
    const [result] = await h(core)['hosts.check']({ selector: first.name });
    await answered;
    expect(result).toMatchObject({ name: first.name, ok: true, hostKey: { status: 'confirmed', fingerprint: first.hostKeyFingerprint } });
    const prompts = events.filter((e) => e.name === 'hosts.hostKeyPrompt').length;
    const [again] = await h(core)['hosts.check']({ selector: first.name });
    expect(again).toMatchObject({ ok: true, hostKey: { status: 'known' } });
    expect(events.filter((e) => e.name === 'hosts.hostKeyPrompt').length).toBe(prompts);
  });

  it('refuses a host whose key the user declines, saying so', async () => {
    const second = inv.hosts[1]!;
    await h(core)['hosts.add'](hostRecord(second.name));
    const off = core.bus.subscribe((m) => {
      if (m.name === 'hosts.hostKeyPrompt' && m.payload.host === second.address)
        void h(core)['hosts.answerHostKey']({ requestId: m.payload.requestId, accept: false });
    });
    const [result] = await h(core)['hosts.check']({ selector: second.name });
    off();
    expect(result!.ok).toBe(false);
    expect(result!.hostKey?.status).toBe('declined');
    expect(result!.error).toContain(second.hostKeyFingerprint);
  });

  it('reaches a guest through its host as a jump host, and selects by tag and range', async () => {
    const host = inv.hosts[0]!;
    const guest = inv.guests.find((g) => g.host === host.name)!;
    await h(core)['hosts.add'](hostRecord(guest.name, { jump: [host.name], guestOf: host.name, technology: 'namespace' }));
    const off = core.bus.subscribe((m) => {
      if (m.name === 'hosts.hostKeyPrompt')
        void h(core)['hosts.answerHostKey']({ requestId: m.payload.requestId, accept: m.payload.fingerprint === guest.hostKeyFingerprint });
    });
    const [result] = await h(core)['hosts.check']({ selector: guest.name });
    off();
    expect(result).toMatchObject({ name: guest.name, ok: true });
    expect((await h(core)['hosts.list']({ selector: '@lab' })).map((x) => x.name).sort()).toEqual([host.name, inv.hosts[1]!.name, guest.name].sort());
    await expect(h(core)['hosts.list']({ selector: 'nosuch[1-2]' })).rejects.toThrow(/nosuch1/);
  });

  it('fails a wrong password with a clear message that does not carry the password', async () => {
    const third = inv.hosts[2]!;
    const user = inv.passwordUsers[0]!;
    await h(core)['hosts.add']({ ...hostRecord(third.name), user: user.name, auth: { kind: 'password', secretRef: `host:${third.name}:password` } });
    await core.context.ssh.secrets.set(`host:${third.name}:password`, 'definitely-wrong-pw-123');
    const off = core.bus.subscribe((m) => {
      if (m.name === 'hosts.hostKeyPrompt') void h(core)['hosts.answerHostKey']({ requestId: m.payload.requestId, accept: true });
    });
    const [bad] = await h(core)['hosts.check']({ selector: third.name });
    expect(bad!.ok).toBe(false);
    expect(bad!.error).toMatch(/authentication failed/i);
    expect(bad!.error).not.toContain('definitely-wrong-pw-123');
    await core.context.ssh.secrets.set(`host:${third.name}:password`, user.password);
    const [good] = await h(core)['hosts.check']({ selector: third.name });
    off();
    expect(good).toMatchObject({ ok: true });
  });

  it('never writes a planted password to the database, its WAL, known_hosts or any event', async () => {
    const third = inv.hosts[2]!;
    const planted = [inv.passwordUsers[0]!.password, 'definitely-wrong-pw-123'];
    // Another failing login on a fresh connection, so errors and notices have had every chance to carry it.
    await core.context.ssh.secrets.set(`host:${third.name}:password`, planted[1]!);
    const [bad] = await h(core)['hosts.check']({ selector: third.name });
    expect(bad!.ok).toBe(false);
    core.context.db.pragma('wal_checkpoint(PASSIVE)');
    const files = readdirSync(core.context.dataDir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath, d.name));
    expect(files.some((f) => f.endsWith('virtlab.db'))).toBe(true);
    // The scan sees what is stored: the reference to the password is there, the password is not.
    expect(files.some((f) => readFileSync(f).includes(Buffer.from(`host:${third.name}:password`)))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      for (const secret of planted) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
    }
    const eventText = JSON.stringify(events);
    for (const secret of planted) expect(eventText).not.toContain(secret);
  });

  it('refuses removing a host that a guest depends on', async () => {
    await expect(h(core)['hosts.remove']({ name: inv.hosts[0]!.name })).rejects.toThrow(/parent or jump host/);
  });
});
