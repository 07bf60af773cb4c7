// `virtlab platforms providers|define|list` through the real CLI on a data folder: the provider and its settings go to
// the same handler the wizard calls, and its problems come back with their fields, exit code 2, nothing saved.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerCatalog } from '../../../../main/contract/providers.ts';
import { cliIn } from '../../../support/cli-in.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vl-cli-platforms-'));
const inProcess = cliIn(dataDir);
// The terminal client says its host-key policy on stderr first; the command's own message is the last line.
const cli = async (...argv: string[]) => {
  const r = await inProcess(...argv);
  return {
    ...r,
    err: r.err
      .split('\n')
      .filter((l) => l && !l.startsWith('Host keys:'))
      .map((l) => `${l}\n`)
      .join(''),
  };
};

beforeAll(async () => {
  for (const [name, address] of [
    ['n1', '10.0.0.1'],
    ['n2', '10.0.0.2'],
  ] as const) {
    expect((await cli('hosts', 'add', name, '--address', address, '--user', 'root', '--agent')).code).toBe(0);
  }
  expect((await cli('hosts', 'add', 'g1', '--address', '10.0.1.1', '--user', 'root', '--agent', '--guest-of', 'n1', '--technology', 'kvm')).code).toBe(0);
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('virtlab platforms', () => {
  it('lists every provider of the catalog with its technology and settings', async () => {
    const r = await cli('platforms', 'providers');
    expect(r.code).toBe(0);
    for (const p of providerCatalog) expect(r.out).toContain(`${p.name}\t${p.title}`);
    const json = JSON.parse((await cli('platforms', 'providers', '--json')).out) as { name: string; settings: unknown[] }[];
    expect(json.map((p) => p.name)).toEqual(providerCatalog.map((p) => p.name));
  });

  it('defines a platform with a provider, its technology and product from the provider', async () => {
    const r = await cli('platforms', 'define', 'native', '--provider', 'native', '--endpoints', 'n1,n2', '--baseline');
    expect(r).toMatchObject({ code: 0, out: 'defined native (native by native, 2 endpoints: n1, n2)\n' });
    const listed = JSON.parse((await cli('platforms', 'list', '--json')).out);
    expect(listed).toEqual([
      {
        name: 'native',
        technology: 'native',
        product: 'bare metal',
        version: null,
        isBaseline: true,
        endpoints: ['n1', 'n2'],
        provider: 'native',
        settings: {},
      },
    ]);
  });

  it("refuses settings the provider does not take, with the provider's message and field, and saves nothing", async () => {
    const r = await cli('platforms', 'define', 'bad', '--provider', 'native', '--endpoints', 'n1', '--set', 'image=debian');
    expect(r.code).toBe(2);
    expect(r.err).toBe('platform bad: settings.(root): not a setting of this provider: image\n');
    const file = join(dataDir, 'settings.yaml');
    writeFileSync(file, 'cpus: 2\n');
    const f = await cli('platforms', 'define', 'bad', '--provider', 'ssh-guest', '--technology', 'hw-vm', '--endpoints', 'g1', '--settings', file);
    expect(f).toMatchObject({ code: 2, err: 'platform bad: settings.(root): not a setting of this provider: cpus\n' });
    expect(JSON.parse((await cli('platforms', 'list', '--json')).out).map((p: { name: string }) => p.name)).toEqual(['native']);
  });

  it('says which endpoint does not fit the provider and which provider is unknown', async () => {
    const r = await cli('platforms', 'define', 'vm', '--provider', 'native', '--endpoints', 'g1');
    expect(r).toMatchObject({
      code: 2,
      err: 'platform vm: endpoints[0]: "g1" is a guest of n1; a native platform uses hosts themselves; endpoints[0]: "g1" is recorded as a kvm guest (hw-vm), not native\n',
    });
    expect(await cli('platforms', 'define', 'vm', '--provider', 'nope', '--endpoints', 'n1')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^no platform provider "nope" \(known: native, ssh-guest/),
    });
    expect(await cli('platforms', 'define', 'vm', '--provider', 'native', '--endpoints', 'n1', '--set', 'oops')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--set oops: expected KEY=VALUE'),
    });
    const ok = await cli('platforms', 'define', 'kvm', '--provider', 'ssh-guest', '--technology', 'hw-vm', '--product', 'KVM', '--endpoints', 'g1');
    expect(ok).toMatchObject({ code: 0, out: 'defined kvm (hw-vm by ssh-guest, 1 endpoints: g1)\n' });
  });

  it('refuses each bad plain-QEMU VM setting with its field before anything is saved', async () => {
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl virtlab';
    const define = (...set: string[]) => cli('platforms', 'define', 'vm-q', '--provider', 'qemu', '--endpoints', 'n1,n2', ...set.flatMap((x) => ['--set', x]));
    const r = await define(
      'vcpus=0',
      'memoryMiB=100',
      'addresses=10.0.9.1,10.0.9.999',
      'authorizedKeys=not a key',
      'bootTimeoutSec=5',
      'accelerator=hvf',
      'diskBus=scsi',
      'nicModel=rtl',
      'network.mode=nat',
      'image.source=file',
    );
    expect(r.code).toBe(2);
    expect(r.err.startsWith('platform vm-q: settings.')).toBe(true);
    expect(r.err.trim().replace('platform vm-q: ', '').split('; ').sort()).toEqual(
      [
        'settings.accelerator: one of: kvm, tcg',
        'settings.addresses[1]: an IPv4 address',
        'settings.authorizedKeys[0]: an OpenSSH public key line',
        'settings.bootTimeoutSec: at least 10',
        'settings.diskBus: one of: virtio, ide',
        'settings.image.format: one of: raw, qcow2',
        'settings.image.initrd: required',
        'settings.image.kernel: required',
        'settings.image.path: required',
        'settings.memoryMiB: at least 256',
        "settings.network.mode: Invalid discriminator value. Expected 'routed' | 'bridge'",
        'settings.nicModel: one of: virtio, e1000',
        'settings.vcpus: at least 1',
      ].sort(),
    );
    // A base image's checksum is optional (compared on every host when given), but a malformed one is refused.
    const img = await define(
      'addresses=10.0.9.1,10.0.9.2',
      `authorizedKeys=${key}`,
      'image.source=file',
      'image.path=/srv/vm.qcow2',
      'image.format=qcow2',
      'image.kernel=/srv/vmlinuz',
      'image.initrd=/srv/initrd',
      'image.sha256=abc',
    );
    expect(img).toMatchObject({ code: 2, err: 'platform vm-q: settings.image.sha256: a sha256 in hex\n' });
    expect(JSON.parse((await cli('platforms', 'list', '--json')).out).map((p: { name: string }) => p.name)).not.toContain('vm-q');
    const ok = await define('addresses=10.0.9.1,10.0.9.2', `authorizedKeys=${key}`, 'allowTcg=true', 'vcpus=1', 'memoryMiB=1024');
    expect(ok).toMatchObject({ code: 0, out: 'defined vm-q (full-virt by qemu, 2 endpoints: n1, n2)\n' });
  });
});
