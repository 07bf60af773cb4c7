// Becoming root on the lab: root needs no sudo; the password users follow what the lab installed
// (sudo with a password for vlab, passwordless for vlabnp), or report sudo as absent when it is not installed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../main/secrets/memory-store.ts';
import type { SshPool } from '../../../main/ssh/pool.ts';
import { detectSudo, execAsRoot } from '../../../main/ssh/sudo.ts';
import { openLab, type Lab } from './support/lab.ts';

let lab: Lab;
let pool: SshPool;
beforeAll(async () => {
  lab = await openLab();
  pool = lab.pool();
});
afterAll(() => pool.closeAll());

const userHost = (name: string) => {
  const u = lab.inv.passwordUsers.find((x) => x.name === name)!;
  return { u, host: pool.host(lab.endpointAs(lab.inv.hosts[0]!, u.name, [{ method: 'password', passwordRef: `host:${u.name}` }])) };
};

it('root runs as root without sudo', async () => {
  const h = pool.host(lab.rootEndpoint(lab.inv.hosts[0]!));
  expect(await detectSudo(h)).toBe('root');
  expect((await execAsRoot(h, ['id', '-u'])).stdout).toBe('0\n');
});

it('password users: sudo as the lab set it up', async () => {
  const { u: vlab } = userHost('vlab');
  const secrets = createMemorySecretStore({
    'host:vlab': vlab.password,
    'host:vlabnp': lab.inv.passwordUsers[1]!.password,
    'sudo:vlab': vlab.password,
    'sudo:wrong': 'nope-nope',
  });
  pool = lab.pool({ secrets });
  const { host: vh } = userHost('vlab');
  const { host: nph } = userHost('vlabnp');
  if (!lab.inv.sudoInstalled) {
    expect(await detectSudo(vh)).toBe('absent');
    await expect(execAsRoot(vh, ['id', '-u'])).rejects.toThrow(/sudo is not installed on vlab@.* and the user is not root/);
    return;
  }
  expect(await detectSudo(nph)).toBe('passwordless');
  expect((await execAsRoot(nph, ['id', '-u'])).stdout).toBe('0\n');
  expect(await detectSudo(vh)).toBe('password');
  const r = await execAsRoot(vh, ['sh', '-c', 'id -u; cat'], { secrets, passwordRef: 'sudo:vlab', stdin: 'after the password\n' });
  expect(r.stdout).toBe('0\nafter the password\n');
  expect(r.stdout + r.stderr).not.toContain(vlab.password);
  const bad = await execAsRoot(vh, ['id', '-u'], { secrets, passwordRef: 'sudo:wrong' }).catch((e: Error) => e);
  expect((bad as Error).message).toMatch(/sudo refused the password for vlab@/);
  expect((bad as Error).message).not.toContain('nope-nope');
});
