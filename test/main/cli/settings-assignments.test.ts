// `--set key=value` typed by the field it names, on Podman's real settings schema, whose own messages then judge it.
import { describe, expect, it } from 'vitest';
import { applyAssignments, keyPath } from '../../../main/cli/settings-assignments.ts';
import { fieldSpecs } from '../../../main/contract/settings-fields.ts';
import { podmanSettings } from '../../../main/platforms/podman/settings.ts';

const fields = fieldSpecs(podmanSettings);

describe('settings from --set assignments', () => {
  it('types each value by its field: text, number, boolean, comma list, rows by index', () => {
    const r = applyAssignments(fields, [
      'image=localhost/virtlab-bench:1',
      'network=slirp4netns',
      'cpus=1.5',
      'memoryMiB=512',
      'privileged=true',
      'ports=20865,20866,20867',
      'mounts[0].source=/srv/data',
      'mounts[0].target=/data',
      'mounts[0].readOnly=yes',
    ]);
    expect(r).toEqual({
      settings: {
        image: 'localhost/virtlab-bench:1',
        network: 'slirp4netns',
        cpus: 1.5,
        memoryMiB: 512,
        privileged: true,
        ports: [20865, 20866, 20867],
        mounts: [{ source: '/srv/data', target: '/data', readOnly: true }],
      },
    });
    expect(podmanSettings.safeParse((r as { settings: unknown }).settings).success).toBe(true);
  });

  it('applies assignments over a settings file and leaves what does not fit for the schema to name', () => {
    const r = applyAssignments(fields, ['memoryMiB=lots', 'network=pasta2'], { image: 'debian', cpus: 2 }) as { settings: Record<string, unknown> };
    expect(r.settings).toEqual({ image: 'debian', cpus: 2, memoryMiB: 'lots', network: 'pasta2' });
    const issues = podmanSettings.safeParse(r.settings).error!.issues.map((i) => i.path.join('.'));
    expect(issues.sort()).toEqual(['memoryMiB', 'network']);
  });

  it('refuses an assignment that is not KEY=VALUE', () => {
    expect(applyAssignments(fields, ['image'])).toEqual({ error: '--set image: expected KEY=VALUE (KEY like image, network.mode or mounts[0].source)' });
    expect(applyAssignments(fields, ['=x'])).toMatchObject({ error: expect.stringContaining('--set =x') });
    expect(keyPath('mounts[2].source')).toEqual(['mounts', 2, 'source']);
    expect(keyPath('a..b')).toBeUndefined();
  });
});
