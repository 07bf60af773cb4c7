// plainIssueMessage (common/settings.ts): provider settings' problems in plain words, through the providers' own
// schemas (checkProviderSettings), as the wizard shows them next to the field and `platforms define` prints them.
import { describe, expect, it } from 'vitest';
import { checkProviderSettings } from '../../../../main/platforms/catalog.ts';

const issues = (provider: string, raw: unknown) => {
  const r = checkProviderSettings(provider, raw);
  return 'issues' in r ? Object.fromEntries(r.issues.map((i) => [i.path, i.message])) : {};
};

describe('provider settings messages', () => {
  it('say required, bounds, choices and unknown keys plainly', () => {
    expect(issues('charliecloud', {})).toEqual({ 'settings.imageArchive': 'required' });
    expect(issues('docker', { image: 'x:1', cpus: -1, memoryMiB: 3, ports: [70000], network: 'nat', colour: 'red' })).toEqual({
      'settings.cpus': 'more than 0',
      'settings.memoryMiB': 'at least 16',
      'settings.ports[0]': 'at most 65535',
      'settings.network': 'one of: bridge, published, host',
      settings: 'not a setting of this provider: colour',
    });
    expect(issues('qemu', { addresses: [], authorizedKeys: ['nope'], vcpus: 1.5 })).toEqual({
      'settings.addresses': 'at least 1 item',
      'settings.authorizedKeys[0]': 'an OpenSSH public key line',
      'settings.vcpus': 'expected a whole number',
    });
    // A message the schema wrote itself stays as written.
    expect(issues('docker', { image: 'Not An Image' })).toEqual({ 'settings.image': 'an image reference: lower-case letters, digits and . _ / : @ -' });
  });
});
