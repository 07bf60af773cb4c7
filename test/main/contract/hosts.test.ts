// Host fields end up in ssh arguments and a generated ssh_config: an address or user with a newline, an option or
// an escape sequence is refused like a bad name is; ordinary names, IPs and IPv6 addresses pass.
import { describe, expect, it } from 'vitest';
import { HostRecord } from '../../../main/contract/hosts.ts';

const host = (address: string, user = 'root') => HostRecord.safeParse({ name: 'n1', address, user, auth: { kind: 'agent' } });

describe('host address and user', () => {
  it('accepts DNS names, IPv4 and IPv6 addresses and usual login names', () => {
    for (const a of ['node01', 'node01.cluster.example.org', '10.213.0.5', '::1', 'fe80::1%eth0', '2001:db8::42', 'my_host'])
      expect(host(a).success, a).toBe(true);
    for (const u of ['root', 'alice', 'bob.smith', 'svc_bench', 'jdoe@CORP.EXAMPLE', 'machine$']) expect(host('n1', u).success, u).toBe(true);
  });

  it('refuses newlines, options, spaces and escape codes in either', () => {
    const bad = [
      'node01\n  ProxyCommand touch /tmp/pwned',
      '-oProxyCommand=touch /tmp/pwned',
      'node 01',
      'node01\u001b[31m',
      '',
      'a'.repeat(256),
      'node01;reboot',
      '%h',
    ];
    for (const a of bad) expect(host(a).success, JSON.stringify(a)).toBe(false);
    for (const u of bad) expect(host('node01', u).success, JSON.stringify(u)).toBe(false);
  });
});
