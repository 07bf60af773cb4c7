import { describe, expect, it } from 'vitest';
import { HostRecord, type HostRecordInput } from '../../../main/contract/hosts.ts';
import { endpointOf } from '../../../main/hosts/endpoint-of.ts';

const rec = (r: HostRecordInput): HostRecord => HostRecord.parse(r);
const hosts = [
  rec({ name: 'bastion', address: 'bastion.example.org', port: 2201, user: 'admin', auth: { kind: 'agent' } }),
  rec({ name: 'head', address: '10.0.0.1', user: 'root', auth: { kind: 'key', keyPath: '/k/id', passphraseRef: 'key:/k/id:passphrase' }, jump: ['bastion'] }),
  rec({ name: 'node01', address: '10.0.0.11', user: 'root', auth: { kind: 'password', secretRef: 'host:node01:password' }, jump: ['head'] }),
  rec({
    name: 'g1',
    address: '192.168.122.5',
    user: 'guest',
    auth: { kind: 'keyboard-interactive', secretRef: 'env:G1_PW' },
    jump: ['node01'],
    guestOf: 'node01',
    technology: 'kvm',
  }),
];

describe('endpointOf', () => {
  it('maps auth kinds and flattens the jump chain first hop first', () => {
    expect(endpointOf('bastion', hosts)).toEqual({ address: 'bastion.example.org', port: 2201, user: 'admin', auth: [{ method: 'agent' }] });
    const g1 = endpointOf('g1', hosts);
    expect(g1.auth).toEqual([{ method: 'keyboard-interactive', passwordRef: 'env:G1_PW' }]);
    expect(g1.jump?.map((j) => j.address)).toEqual(['bastion.example.org', '10.0.0.1', '10.0.0.11']);
    expect(g1.jump?.[1]?.auth).toEqual([{ method: 'publickey', keyPath: '/k/id', passphraseRef: 'key:/k/id:passphrase' }]);
    expect(g1.jump?.[2]?.auth).toEqual([{ method: 'password', passwordRef: 'host:node01:password' }]);
    expect(g1.jump?.every((j) => j.jump === undefined)).toBe(true);
  });
  it('refuses unknown hosts and loops', () => {
    expect(() => endpointOf('nope', hosts)).toThrow(/unknown host nope/);
    const loop = [
      rec({ name: 'a', address: 'a', user: 'u', auth: { kind: 'agent' }, jump: ['b'] }),
      rec({ name: 'b', address: 'b', user: 'u', auth: { kind: 'agent' }, jump: ['a'] }),
    ];
    expect(() => endpointOf('a', loop)).toThrow(/jump loop: a -> b -> a/);
  });
});
