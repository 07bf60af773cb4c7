// The resource ledger: an entry exists (intended) before its resource, moves to created and removed, and what is
// not removed stays listed for the campaign, per platform or all of them, in the order it was made.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFixture, type Fixture } from '../fixture.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

describe('platform resources ledger', () => {
  it('keeps what was intended or created until it is removed', () => {
    const led = f.repos.platformResources;
    const net = led.intend({
      campaignId: f.campaignId,
      platform: 'pod',
      host: 'h1',
      kind: 'network',
      handle: 'virtlab-c1-0',
      detail: { subnet: '10.89.0.0/24' },
    });
    expect(net).toMatchObject({ state: 'intended', kind: 'network', handle: 'virtlab-c1-0', detail: { subnet: '10.89.0.0/24' } });
    const ctr = led.intend({ campaignId: f.campaignId, platform: 'pod', host: 'h1', kind: 'container', handle: 'virtlab-c1-pod-0' });
    led.intend({ campaignId: f.campaignId, platform: 'other', host: 'h2', kind: 'container', handle: 'x' });
    led.setState(net.id, 'created');
    led.setState(ctr.id, 'created');
    expect(led.open(f.campaignId, 'pod').map((r) => [r.handle, r.state])).toEqual([
      ['virtlab-c1-0', 'created'],
      ['virtlab-c1-pod-0', 'created'],
    ]);
    led.setState(ctr.id, 'removed');
    expect(led.open(f.campaignId, 'pod').map((r) => r.handle)).toEqual(['virtlab-c1-0']);
    expect(led.open(f.campaignId).map((r) => r.handle)).toEqual(['virtlab-c1-0', 'x']);
    expect(led.listByCampaign(f.campaignId)).toHaveLength(3);
    expect(led.open(f.campaignId + 1)).toEqual([]);
  });

  it("stores a platform's provider and settings", () => {
    const id = f.repos.platforms.create({
      name: 'pod',
      technology: 'os-level',
      product: 'Podman',
      provider: 'podman',
      settings: { image: 'debian', network: 'bridge' },
    });
    expect(f.repos.platforms.get(id)).toMatchObject({ provider: 'podman', settings: { image: 'debian', network: 'bridge' } });
    expect(f.repos.platforms.findByName('native')).toMatchObject({ provider: null, settings: {} });
  });
});
