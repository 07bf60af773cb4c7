// What the Podman provider asks a host to do: the container's podman run argv per network mode, prepare's order (ledger
// entry before each thing it makes, a subnet of the campaign's own), teardown by Podman's names, what peers are told.
import { describe, expect, it } from 'vitest';
import { podmanProvider, podmanRunArgv } from '../../../../main/platforms/podman/provider.ts';
import { podmanSettings } from '../../../../main/platforms/podman/settings.ts';
import { memoryLedger, recordingHost, type Rule } from '../support/recording-host.ts';

const s = (x: Record<string, unknown> = {}) => podmanSettings.parse({ image: 'virtlab-base', ...x });
const guest = (ordinal: number, settings = s(), campaignId = 7) => ({
  campaignId,
  platform: 'pod',
  settings,
  host: { name: `h${ordinal}`, address: `10.0.0.${11 + ordinal}`, ordinal },
});
const rules: Rule[] = [
  [/printf "%s" "\$HOME"/, { stdout: '/root' }],
  [/network exists/, { code: 1 }],
  [/State\.Running/, { code: 125 }],
  [/State\.Pid/, { stdout: '4242\n' }],
  [/NetworkInterface/, { stdout: 'podman3\n' }],
  [/ip_forward$/, { stdout: '1\n' }],
];

describe('Podman provider', () => {
  it('runs one container per host: on its internal network, over slirp4netns with published ports, or on the host', () => {
    const home = '/root/.virtlab/guests/virtlab-c7-pod-1';
    expect(podmanRunArgv(s({ cpus: 1, memoryMiB: 512 }), 'virtlab-c7-pod-1', home, guest(1))).toEqual([
      'podman',
      'run',
      '-d',
      '--name',
      'virtlab-c7-pod-1',
      '--hostname',
      'virtlab-c7-pod-1',
      '--init',
      '-e',
      `HOME=${home}`,
      '-w',
      home,
      '--label',
      'virtlab=1',
      '--network',
      'virtlab-c7-pod-1',
      '--ip',
      '10.89.112.18',
      '--cpus',
      '1',
      '--memory',
      '512m',
      '-v',
      `${home}/.virtlab/runs:${home}/.virtlab/runs`,
      '-v',
      `${home}/.virtlab/npb:${home}/.virtlab/npb`,
      '-v',
      `${home}/.virtlab/src:${home}/.virtlab/src`,
      '-v',
      `${home}/.virtlab/mpi:${home}/.virtlab/mpi`,
      'virtlab-base',
      'sleep',
      'infinity',
    ]);
    expect(podmanRunArgv(s({ network: 'slirp4netns', ports: [21000, 21001] }), 'n', '/h', guest(0)).join(' ')).toContain(
      '--network slirp4netns -p 21000:21000 -p 21001:21001 -v',
    );
    expect(podmanRunArgv(s({ network: 'host' }), 'n', '/h', guest(0)).join(' ')).toContain('--network host -v');
  });

  it('prepares a bridge platform in a subnet of its campaign, each thing in the ledger first, then routes between hosts', async () => {
    const prepareFor = async (campaignId: number) => {
      const hosts = [recordingHost('h0', 0, rules), recordingHost('h1', 1, rules)];
      const ledger = memoryLedger(campaignId, 'pod');
      await podmanProvider.prepare({ campaignId, platform: 'pod', settings: s(), hosts, ledger, say: () => {} });
      return { hosts, ledger };
    };
    const { hosts, ledger } = await prepareFor(7);
    expect(hosts[1]!.calls.filter((c) => /^(podman (network create|run)|nsenter|ip route|sh -c echo 1)/.test(c))).toEqual([
      'podman network create --internal --disable-dns --subnet 10.89.112.16/28 --gateway 10.89.112.17 virtlab-c7-pod-1',
      expect.stringMatching(/^podman run -d --name virtlab-c7-pod-1 .* --ip 10\.89\.112\.18 /),
      'nsenter --net=/proc/4242/ns/net ip route replace 10.89.0.0/16 via 10.89.112.17',
      'sh -c echo 1 > "/proc/sys/net/ipv4/conf/$1/forwarding" virtlab podman3',
      'ip route replace 10.89.112.0/28 via 10.0.0.11',
    ]);
    expect(ledger.entries.filter((e) => e.host === 'h0').map((e) => [e.kind, e.handle, e.state])).toEqual([
      ['choice', 'bridge-slot', 'created'],
      ['network', 'virtlab-c7-pod-0', 'created'],
      ['folder', '/root/.virtlab/guests/virtlab-c7-pod', 'created'],
      ['container', 'virtlab-c7-pod-0', 'created'],
      ['rank-containers', 'virtlab-c7-pod', 'created'],
      ['route', '10.89.112.16/28 via 10.0.0.12', 'created'],
    ]);
    // The next campaign on the same hosts asks for other subnets.
    const next = await prepareFor(8);
    expect(next.hosts[0]!.calls).toContain('podman network create --internal --disable-dns --subnet 10.89.128.0/28 --gateway 10.89.128.1 virtlab-c8-pod-0');
  });

  it("takes the first part of the /16 no Podman network on any host touches (another data folder's campaign 7 holds its own), and keeps it on a resume", async () => {
    // Host 1's Podman already has a network in slot 7 (10.89.112.0/20), and one in slot 8.
    const busy: Rule[] = [[/network ls --format/, { stdout: '10.88.0.0/16 10.89.112.16/28 fd00::/64 \n' }], ...rules];
    const hosts = [recordingHost('h0', 0, [[/network ls --format/, { stdout: '10.89.128.0/28\n' }], ...rules]), recordingHost('h1', 1, busy)];
    const ledger = memoryLedger(7, 'pod');
    const said: string[] = [];
    await podmanProvider.prepare({ campaignId: 7, platform: 'pod', settings: s(), hosts, ledger, say: (l) => said.push(l) });
    expect(ledger.entries[0]).toMatchObject({ kind: 'choice', handle: 'bridge-slot', detail: { slot: 9, range: '10.89.144.0/20' } });
    expect(said).toContain("10.89.112.0/20 is in use on a host: this campaign's Podman networks use 10.89.144.0/20");
    expect(hosts[1]!.calls).toContain('podman network create --internal --disable-dns --subnet 10.89.144.16/28 --gateway 10.89.144.17 virtlab-c7-pod-1');
    expect(hosts[1]!.calls.find((c) => c.startsWith('podman run'))).toContain('--ip 10.89.144.18');
    expect(hosts[0]!.calls).toContain('ip route replace 10.89.144.16/28 via 10.0.0.12');
    // The runs find the container at the address of the recorded slot.
    expect(podmanProvider.reach({ ...guest(1), prepared: { bridgeSlot: 9 } })).toEqual({ address: '10.89.144.18' });
    // A resume prepares again: it keeps the recorded slot (its own networks now use it) and asks nothing.
    const again = [recordingHost('h0', 0, [[/network ls --format/, { stdout: '10.89.144.0/28 10.89.144.16/28' }], ...rules])];
    await podmanProvider.prepare({ campaignId: 7, platform: 'pod', settings: s(), hosts: again, ledger, say: () => {} });
    expect(again[0]!.calls.some((c) => c.includes('network ls'))).toBe(false);
    expect(ledger.entries.filter((e) => e.kind === 'choice')).toHaveLength(1);
    // Teardown marks the record removed; nothing on a host for it.
    const h = recordingHost('h0', 0);
    expect(await podmanProvider.teardown([ledger.entries[0]!], { hostOf: () => h, ledger, say: () => {} })).toEqual([]);
    expect(h.calls).toEqual([]);
  });

  it('refuses, saying what to set, when every part of the /16 is taken', async () => {
    const full = [recordingHost('h0', 0, [[/network ls --format/, { stdout: '10.89.0.0/16' }], ...rules])];
    await expect(podmanProvider.prepare({ campaignId: 7, platform: 'pod', settings: s(), hosts: full, ledger: memoryLedger(), say: () => {} })).rejects.toThrow(
      "every part of 10.89.0.0/16 is used by Podman networks on the platform's hosts (10.89.0.0/16): set subnet to another /16 on the platform",
    );
  });

  it("tears down by Podman's names, newest first, what is gone counting as removed", async () => {
    const h = recordingHost('h0', 0, [[/network rm/, { code: 1, stderr: 'Error: unable to find network with name or ID x: network not found' }]]);
    const ledger = memoryLedger(7, 'pod');
    const made = [
      ledger.intend('h0', 'image', 'virtlab-base', { keep: false }),
      ledger.intend('h0', 'network', 'x'),
      ledger.intend('h0', 'container', 'virtlab-c7-pod-0'),
      ledger.intend('h0', 'route', '10.89.112.16/28 via 10.0.0.12', { route: ['10.89.112.16/28', 'via', '10.0.0.12'] }),
    ];
    expect(await podmanProvider.teardown([...made].reverse(), { hostOf: () => h, ledger, say: () => {} })).toEqual([]);
    expect(h.calls).toEqual([
      'ip route del 10.89.112.16/28 via 10.0.0.12',
      'podman rm -f -t 0 --ignore virtlab-c7-pod-0',
      'podman network rm -f x',
      'podman rmi -f virtlab-base',
    ]);
    expect(ledger.open()).toEqual([]);
  });

  it('tells peers the container address on a bridge, the host and its published ports over slirp4netns', () => {
    expect(podmanProvider.reach(guest(1))).toEqual({ address: '10.89.112.18' });
    expect(podmanProvider.reach(guest(1, s({ network: 'slirp4netns', ports: [21000, 21001] })))).toEqual({ address: '10.0.0.12', ports: [21000, 21001] });
    expect(podmanProvider.wrap(guest(0), ['true'])).toEqual(['podman', 'exec', '-i', 'virtlab-c7-pod-0', 'true']);
  });
});
