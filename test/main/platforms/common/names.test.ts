// Bridge subnets of container platforms: distinct for campaigns that run at the same time on the same hosts (the
// second of two Podman campaigns used to ask netavark for the first one's subnet and pause), distinct per host.
import { describe, expect, it } from 'vitest';
import { containerAddress, gatewayOf, hostSubnet } from '../../../../main/platforms/common/names.ts';

const g = (campaignId: number, ordinal: number) => ({ campaignId, host: { ordinal } });

describe('bridge subnets', () => {
  it('give each host of a campaign its own /28: network, gateway on the host, container', () => {
    expect([hostSubnet('10.89.0.0/16', g(1, 0)), gatewayOf('10.89.0.0/16', g(1, 0)), containerAddress('10.89.0.0/16', g(1, 0))]).toEqual([
      '10.89.16.0/28',
      '10.89.16.1',
      '10.89.16.2',
    ]);
    expect([hostSubnet('10.89.0.0/16', g(1, 1)), gatewayOf('10.89.0.0/16', g(1, 1)), containerAddress('10.89.0.0/16', g(1, 1))]).toEqual([
      '10.89.16.16/28',
      '10.89.16.17',
      '10.89.16.18',
    ]);
    expect(hostSubnet('10.89.0.0/16', g(1, 255))).toBe('10.89.31.240/28');
  });

  it('never give two of 16 consecutive campaigns the same subnet on any of 256 hosts', () => {
    const seen = new Set<string>();
    for (let c = 5; c < 21; c++) for (let i = 0; i < 256; i++) seen.add(hostSubnet('10.89.0.0/16', g(c, i)));
    expect(seen.size).toBe(16 * 256);
  });

  it('refuse a host beyond the 256 a bridge platform holds', () => {
    expect(() => hostSubnet('10.89.0.0/16', g(1, 256))).toThrow(/at most 256 hosts/);
  });
});
