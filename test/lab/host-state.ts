// What a host (and the machine's root namespace) shows that a container platform could have made or changed:
// containers and networks in the runtime's own list, links, routes, nft/iptables rules, forwarding, guest folders.
// Tests compare it before a campaign and after it (or after a cancel): it must be the same.
import { run } from './exec.ts';
import { execIn, type LabEndpointAny } from './api.ts';

/** `runtimeList` is a shell line printing the runtime's containers and networks on the host (e.g. docker ps -a ...). */
export async function hostState(h: LabEndpointAny, runtimeList: string): Promise<string> {
  return execIn(h, [
    'sh',
    '-c',
    `${runtimeList}; echo --; ip -o link | cut -d: -f2 | sed "s/@.*//"; ip route; nft list ruleset; iptables-save 2>/dev/null | grep -v "^#"; cat /proc/sys/net/ipv4/ip_forward; ls -A "$HOME/.virtlab/guests" 2>/dev/null; true`,
  ]);
}

/** The root namespace: firewall rules and forwarding (its links change with every lab instance others bring up). */
export async function rootState(): Promise<string> {
  const parts = await Promise.all([
    run('nft', ['list', 'ruleset']).then(
      (r) => r.stdout,
      (e: Error) => `nft: ${e.message}`,
    ),
    run('sh', [
      '-c',
      'iptables-save 2>/dev/null | grep -v "^#"; ip6tables-save 2>/dev/null | grep -v "^#"; cat /proc/sys/net/ipv4/ip_forward; ip -o link | cut -d: -f2 | grep -E "^ (docker|br-|lxc)" || true',
    ]).then((r) => r.stdout),
  ]);
  return parts.join('\n');
}
