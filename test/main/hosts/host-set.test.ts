import { describe, expect, it } from 'vitest';
import { HostRecord } from '../../../main/contract/hosts.ts';
import { hostSetProblems, jumpChain } from '../../../main/hosts/host-set.ts';

const h = (name: string, jump: string[] = [], guestOf?: string) => ({ name, jump, guestOf });

describe('host set rules', () => {
  it('orders a jump chain with each hop after its own hops', () => {
    const hosts = [h('outer'), h('inner', ['outer']), h('node1', ['inner']), h('node2', ['outer', 'inner'])];
    expect(jumpChain('node1', hosts)).toEqual(['outer', 'inner']);
    expect(jumpChain('node2', hosts)).toEqual(['outer', 'inner']);
    expect(jumpChain('outer', hosts)).toEqual([]);
    expect(hostSetProblems(hosts)).toEqual([]);
  });

  it('reports loops, dangling references and duplicate names', () => {
    const problems = hostSetProblems([h('a', ['b']), h('b', ['a']), h('c', ['ghost']), h('g', [], 'nobody'), h('c')]);
    expect(problems).toContain('jump loop: a -> b -> a');
    expect(problems).toContain('c jumps through ghost, which is not a known host');
    expect(problems).toContain('g is a guest of nobody, which is not a known host');
    expect(problems).toContain('two hosts are named c');
  });
});

describe('HostRecord schema', () => {
  const base = { name: 'node01', address: '10.77.0.2', user: 'root', auth: { kind: 'agent' } };
  it('fills defaults and accepts every auth kind', () => {
    expect(HostRecord.parse(base)).toEqual({ ...base, port: 22, jump: [], tags: [] });
    for (const auth of [
      { kind: 'key', keyPath: '/k', passphraseRef: 'key:/k:passphrase' },
      { kind: 'password', secretRef: 'env:PW' },
      { kind: 'keyboard-interactive', secretRef: 'host:node01:password' },
    ]) {
      expect(HostRecord.safeParse({ ...base, auth }).success).toBe(true);
    }
  });
  it('rejects bad names, half-specified guests, self jumps and secret values in place of references', () => {
    expect(HostRecord.safeParse({ ...base, name: 'node[1]' }).success).toBe(false);
    expect(HostRecord.safeParse({ ...base, guestOf: 'host1' }).success).toBe(false);
    expect(HostRecord.safeParse({ ...base, guestOf: 'host1', technology: 'kvm' }).success).toBe(true);
    expect(HostRecord.safeParse({ ...base, jump: ['node01'] }).success).toBe(false);
    expect(HostRecord.safeParse({ ...base, auth: { kind: 'password', password: 'x' } }).success).toBe(false);
    expect(HostRecord.safeParse({ ...base, port: 70000 }).success).toBe(false);
  });
});
