// The provider catalog (what the contract and wizard see) and the registry (the Node side) list the same providers;
// settings are read by the provider's own schema with every problem's path; old platforms get native or ssh-guest.
import { describe, expect, it } from 'vitest';
import {
  checkProviderSettings,
  defaultProvider,
  describeProvider,
  parseProviderSettings,
  PROVIDER_NAMES,
  providerCatalog,
  providersFor,
} from '../../../main/platforms/catalog.ts';
import { platformProviders, providerNamed } from '../../../main/platforms/registry.ts';

describe('platform provider catalog', () => {
  it('has a Node side for every provider it describes, and nothing else', () => {
    expect(platformProviders.map((p) => p.describe.name)).toEqual(providerCatalog.map((p) => p.name));
    for (const d of providerCatalog) expect(providerNamed(d.name)!.describe).toBe(describeProvider(d.name));
  });

  it('gives platforms from before providers native or ssh-guest by technology', () => {
    expect(defaultProvider('native')).toBe('native');
    expect(defaultProvider('hw-vm')).toBe('ssh-guest');
    expect(defaultProvider('os-level')).toBe('ssh-guest');
  });

  it('refuses an unknown provider and settings its schema does not take', () => {
    expect(parseProviderSettings('nope', {})).toEqual({ error: `no platform provider "nope" (known: ${PROVIDER_NAMES.join(', ')})` });
    expect(parseProviderSettings('native', { image: 'x' })).toEqual({
      error: expect.stringContaining('settings.(root): not a setting of this provider: image'),
    });
    expect(parseProviderSettings('native', undefined)).toEqual({ settings: {} });
  });
});

describe('providers per technology and settings problems by field', () => {
  it('offers a technology its own providers, and existing guests for every technology but native', () => {
    expect(providersFor('native').map((p) => p.name)).toEqual(['native']);
    for (const t of ['hw-vm', 'full-virt', 'para-virt', 'os-level']) {
      expect(providersFor(t).map((p) => p.name)).toContain('ssh-guest');
      for (const p of providersFor(t)) expect(p.endpoints === 'guests' || p.technology === t || p.alsoTechnologies?.includes(t as never)).toBe(true);
    }
  });

  it('gives each settings problem its path under settings', () => {
    expect(checkProviderSettings('native', { image: 'x' })).toEqual({ issues: [{ path: 'settings', message: 'not a setting of this provider: image' }] });
    expect(checkProviderSettings('nope', {})).toEqual({ issues: [{ path: 'provider', message: expect.stringContaining('no platform provider "nope"') }] });
    expect(checkProviderSettings('ssh-guest', undefined)).toEqual({ settings: {} });
  });
});

describe('as-is providers (native, ssh-guest)', () => {
  const guest = { campaignId: 1, platform: 'native', settings: {}, host: { name: 'h1', address: '10.0.0.1', ordinal: 0 } };
  it('run commands on the endpoint itself, reached at its own address, with nothing to prepare or remove', async () => {
    for (const name of ['native', 'ssh-guest']) {
      const p = providerNamed(name)!;
      expect(p.wrap(guest, ['netperf', '-H', 'x'])).toEqual(['netperf', '-H', 'x']);
      expect(p.reach(guest)).toEqual({ address: '10.0.0.1' });
      expect(p.estimatePrepare({}, 2)).toBeUndefined();
      expect(p.mpi({})).toEqual({ kind: 'host' });
      expect(await p.check({}, [])).toEqual([]);
      expect(
        await p.teardown([], {
          hostOf: () => undefined,
          ledger: {
            intend: () => {
              throw new Error('no');
            },
            created: () => {},
            removed: () => {},
            open: () => [],
          },
          say: () => {},
        }),
      ).toEqual([]);
    }
  });
});
