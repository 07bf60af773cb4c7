// A settings schema read as form fields: Podman's real schema (scalars, enums, lists, rows of mounts) and a VM-like
// schema with discriminated unions, as the provider step draws them.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { podmanSettings } from '../../../main/platforms/podman/settings.ts';
import { fieldSpecs, parseListText, words } from '../../../main/contract/settings-fields.ts';

describe('field specs from a settings schema', () => {
  it("reads Podman's settings as text, enum, list, number, boolean and rows, with defaults and what is required", () => {
    const f = Object.fromEntries(fieldSpecs(podmanSettings).map((s) => [s.key, s]));
    expect(Object.keys(f)).toEqual([
      'image',
      'imageArchive',
      'keepImage',
      'rootless',
      'network',
      'subnet',
      'ports',
      'cpus',
      'memoryMiB',
      'privileged',
      'mounts',
      'iozoneWrites',
    ]);
    expect(f.image).toMatchObject({ kind: 'text', required: true, title: 'Image' });
    expect(f.imageArchive).toMatchObject({ kind: 'text', required: false });
    expect(f.network).toMatchObject({ kind: 'enum', options: ['bridge', 'slirp4netns', 'host', 'pasta'], default: 'bridge', required: false });
    expect(f.ports).toMatchObject({ kind: 'list', item: 'number', default: [20865, 20866] });
    expect(f.cpus).toMatchObject({ kind: 'number', integer: false });
    expect(f.memoryMiB).toMatchObject({ kind: 'number', integer: true, min: 16, title: 'Memory MiB' });
    expect(f.privileged).toMatchObject({ kind: 'boolean', default: false });
    expect(f.mounts).toMatchObject({ kind: 'rows' });
    expect((f.mounts as { fields: { key: string }[] }).fields.map((x) => x.key)).toEqual(['source', 'target', 'readOnly']);
    expect(f.iozoneWrites).toMatchObject({ kind: 'enum', options: ['container', 'host-folder'], title: 'IOzone writes' });
  });

  it('reads a discriminated union as a choice of branches, each with its own fields, and a meta title and description', () => {
    const schema = z
      .object({
        image: z
          .discriminatedUnion('source', [
            z.object({ source: z.literal('virtlab') }).strict(),
            z.object({ source: z.literal('file'), path: z.string(), format: z.enum(['raw', 'qcow2']) }).strict(),
          ])
          .default({ source: 'virtlab' }),
        vcpus: z.number().int().min(1).default(1).meta({ title: 'vCPUs', description: 'per VM' }),
        addresses: z.array(z.string()).min(1),
        extra: z.record(z.string(), z.string()).optional(),
      })
      .strict();
    const [image, vcpus, addresses, extra] = fieldSpecs(schema);
    expect(image).toMatchObject({ kind: 'choice', discriminator: 'source', default: { source: 'virtlab' } });
    expect((image as { branches: { value: string; fields: { key: string }[] }[] }).branches.map((b) => [b.value, b.fields.map((x) => x.key)])).toEqual([
      ['virtlab', []],
      ['file', ['path', 'format']],
    ]);
    expect(vcpus).toMatchObject({ kind: 'number', title: 'vCPUs', description: 'per VM', default: 1 });
    expect(addresses).toMatchObject({ kind: 'list', item: 'string', required: true });
    expect(extra).toMatchObject({ kind: 'json', required: false });
  });

  it('turns keys into words and list text into values, leaving what is not a number for the schema to name', () => {
    expect(words('memoryMiB')).toBe('Memory MiB');
    expect(words('allowTcg')).toBe('Allow TCG');
    expect(words('vcpus')).toBe('vCPUs');
    expect(words('cpuModel')).toBe('CPU model');
    expect(words('nicModel')).toBe('NIC model');
    expect(parseListText('1, 2 x;3', 'number')).toEqual([1, 2, 'x', 3]);
    expect(parseListText('10.0.0.1, 10.0.0.2', 'string')).toEqual(['10.0.0.1', '10.0.0.2']);
    // Text items keep their spaces: an OpenSSH key line is one item.
    expect(parseListText('ssh-ed25519 AAAA me@h; ssh-rsa BBBB\n', 'string')).toEqual(['ssh-ed25519 AAAA me@h', 'ssh-rsa BBBB']);
  });
});
