// Test-only host key check: accepts exactly the keys listed for [address]:port in an OpenSSH known_hosts file.
import { readFileSync } from 'node:fs';
import type { HostKeyCheck } from '../../../../main/ssh/ports.ts';

export function pinnedHostKeys(knownHostsPath: string): HostKeyCheck {
  const lines = readFileSync(knownHostsPath, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  return {
    async check(target, key) {
      const names = target.port === 22 ? [target.address] : [`[${target.address}]:${target.port}`];
      const blob = key.toString('base64');
      const listed = lines.filter((l) => l.split(/\s+/)[0]!.split(',').some((n) => names.includes(n)));
      if (listed.some((l) => l.split(/\s+/)[2] === blob)) return { ok: true };
      return { ok: false, reason: listed.length ? `key for ${names[0]} does not match known_hosts` : `${names[0]} not in known_hosts` };
    },
  };
}
