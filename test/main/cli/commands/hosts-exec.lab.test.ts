// The hosts and exec subcommands as a user runs them, against real lab sshd hosts (non-interactive: accept-new, said).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliIn } from '../../../support/cli-in.ts';
import { loadInventory, type LabInventory } from '../../../lab/api.ts';

let inv: LabInventory;
const dataDir = mkdtempSync(join(tmpdir(), 'vl-cli-hosts-'));

const cli = cliIn(dataDir);

beforeAll(() => {
  inv = loadInventory();
});

describe('virtlab hosts / exec', () => {
  it('adds hosts and a guest behind its host, lists them by range', async () => {
    for (const h of inv.hosts.slice(0, 3)) {
      const r = await cli('hosts', 'add', h.name, '--address', h.address, '--user', 'root', '--key', inv.keyPath, '--tag', 'native');
      expect(r, r.err).toMatchObject({ code: 0 });
    }
    const g = inv.guests.find((x) => x.host === inv.hosts[0]!.name)!;
    const added = await cli(
      'hosts',
      'add',
      g.name,
      '--address',
      g.address,
      '--user',
      'root',
      '--key',
      inv.keyPath,
      '--jump',
      inv.hosts[0]!.name,
      '--guest-of',
      inv.hosts[0]!.name,
      '--technology',
      'namespace',
    );
    expect(added.code, added.err).toBe(0);
    const listed = await cli('hosts', 'list', '@native');
    expect(listed.out.trim().split('\n')).toHaveLength(3);
    const bad = await cli('hosts', 'add', 'x', '--address', '10.213.0.99', '--user', 'root');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/exactly one of --key/);
  });

  it('checks them, recording first-contact keys and saying so', async () => {
    const r = await cli('hosts', 'check', `${inv.hosts[0]!.name},${inv.hosts[1]!.name}`);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/accept-new/);
    expect(r.err).toMatch(/First contact with/);
    expect(r.out).toContain(inv.hosts[0]!.hostKeyFingerprint);
  });

  it('runs an argv on every selected host, quoted for the remote shell', async () => {
    const hostile = `it's $(touch /tmp/pwned) "quoted" ; echo no`;
    const r = await cli('exec', '@native', '--', 'printf', '%s|%s\\n', hostile, '$HOME');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n').sort();
    expect(lines).toEqual(
      inv.hosts
        .slice(0, 3)
        .map((h) => `${h.name}: ${hostile}|$HOME`)
        .sort(),
    );
    const names = await cli('exec', inv.guests.find((x) => x.host === inv.hosts[0]!.name)!.name, '--', 'hostname');
    expect(names.out.trim()).toMatch(/: \S+$/);
  });

  it('reports a dead host as a failure of its own without holding up the others', async () => {
    await cli('hosts', 'add', 'ghost', '--address', '10.213.0.249', '--user', 'root', '--key', inv.keyPath);
    // Both hosts get their own result (the live one ran its command); how fast is the fan-out bench's business.
    const r = await cli('exec', `ghost,${inv.hosts[0]!.name}`, '--timeout', '4', '--', 'echo', 'ran');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/ghost: FAILED: /);
    expect(r.out).toContain(`${inv.hosts[0]!.name}: ran\n`);
    expect(r.out).not.toMatch(new RegExp(`${inv.hosts[0]!.name}: FAILED`));
  });

  it('refuses to turn host key verification off', async () => {
    const r = await cli('exec', '@native', '--host-keys', 'none', '--', 'true');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot be turned off/);
  });
});

describe('virtlab facts', () => {
  it('probes a host and its guest, tells the container apart, and keeps the snapshot', async () => {
    const host = inv.hosts[0]!;
    const guest = inv.guests.find((x) => x.host === host.name)!;
    const r = await cli('facts', `${host.name},${guest.name}`, '--json');
    expect(r.code, r.err).toBe(0);
    const facts = JSON.parse(r.out) as Array<{
      name: string;
      ok: boolean;
      facts: { hostname: string; kernel: string; virtualization: { kind: string; container: string | null } };
    }>;
    const byName = new Map(facts.map((f) => [f.name, f]));
    expect(byName.get(host.name)!.facts.hostname).toBe(host.hostname);
    expect(byName.get(guest.name)!.facts.hostname).toBe(guest.hostname);
    // The guest is an OS-level guest whatever the machine itself is.
    expect(byName.get(guest.name)!.facts.virtualization.kind).toBe('container');
    expect(byName.get(host.name)!.facts.kernel).toBe(byName.get(guest.name)!.facts.kernel);
    const stored = await cli('facts', guest.name, '--stored', '--json');
    expect(JSON.parse(stored.out)[0]).toMatchObject({ name: guest.name, ok: true, facts: { hostname: guest.hostname } });
  });
});
