// What the Docker provider asks a host to do: the container's docker run argv per network mode, the order of prepare
// (ledger entry before each thing it makes), teardown by Docker's own names newest first, and what peers are told.
import { describe, expect, it } from 'vitest';
import { dockerProvider, dockerRunArgv } from '../../../../main/platforms/docker/provider.ts';
import { dockerSettings } from '../../../../main/platforms/docker/settings.ts';
import { memoryLedger, recordingHost, type Rule } from '../support/recording-host.ts';

const s = (x: Record<string, unknown> = {}) => dockerSettings.parse({ image: 'virtlab-base', ...x });
const guest = (ordinal: number, settings = s()) => ({
  campaignId: 7,
  platform: 'dk',
  settings,
  host: { name: `h${ordinal}`, address: `10.0.0.${11 + ordinal}`, ordinal },
});
const HOME: Rule = [/printf "%s" "\$HOME"/, { stdout: '/root' }];

describe('Docker provider', () => {
  it("runs one container per host from the image, never pulling, on its internal network or the host's", () => {
    const home = '/root/.virtlab/guests/virtlab-c7-dk-1';
    expect(
      dockerRunArgv(s({ cpus: 1.5, memoryMiB: 512, mounts: [{ source: '/data', target: '/in', readOnly: true }] }), 'virtlab-c7-dk-1', home, guest(1)),
    ).toEqual([
      'docker',
      'run',
      '-d',
      '--pull',
      'never',
      '--name',
      'virtlab-c7-dk-1',
      '--hostname',
      'virtlab-c7-dk-1',
      '--init',
      '-e',
      `HOME=${home}`,
      '-w',
      home,
      '--label',
      'virtlab=1',
      '--network',
      'virtlab-c7-dk-1',
      '--ip',
      '10.90.112.18',
      '--cpus',
      '1.5',
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
      '-v',
      '/data:/in:ro',
      'virtlab-base',
      'sleep',
      'infinity',
    ]);
    const published = dockerRunArgv(s({ network: 'published', ports: [21000, 21001], iozoneWrites: 'host-folder', privileged: true }), 'n', '/h', guest(0));
    expect(published.join(' ')).toContain('--network n --ip 10.90.112.2 -p 21000:21000 -p 21001:21001 --privileged');
    expect(published.join(' ')).toContain('-v /h/.virtlab/scratch:/h/.virtlab/scratch');
    expect(dockerRunArgv(s({ network: 'host' }), 'n', '/h', guest(0)).join(' ')).toContain('--network host -v');
  });

  it('prepares a bridge platform: network, folder, container, route in the container, then routes between hosts; each in the ledger first', async () => {
    const rules: Rule[] = [
      HOME,
      [/network inspect --format x/, { code: 1 }],
      [/container inspect --format \{\{\.State\.Running/, { code: 1 }],
      [/State\.Pid/, { stdout: '4242\n' }],
      [/\{\{\.Id\}\}/, { stdout: 'abcdef0123456789\n' }],
      [/ip_forward$/, { stdout: '0\n' }],
    ];
    const hosts = [recordingHost('h0', 0, rules), recordingHost('h1', 1, rules)];
    const ledger = memoryLedger();
    await dockerProvider.prepare({ campaignId: 7, platform: 'dk', settings: s(), hosts, ledger, say: () => {} });
    expect(hosts[1]!.calls.filter((c) => !/inspect|printf/.test(c))).toEqual([
      'docker network create --driver bridge --internal --subnet 10.90.112.16/28 --gateway 10.90.112.17 -o com.docker.network.bridge.enable_ip_masquerade=false --label virtlab=1 virtlab-c7-dk-1',
      'mkdir -p -- /root/.virtlab/guests/virtlab-c7-dk/.virtlab/runs /root/.virtlab/guests/virtlab-c7-dk/.virtlab/npb /root/.virtlab/guests/virtlab-c7-dk/.virtlab/src /root/.virtlab/guests/virtlab-c7-dk/.virtlab/mpi',
      expect.stringMatching(/^docker run -d --pull never --name virtlab-c7-dk-1 /),
      'nsenter --net=/proc/4242/ns/net ip route replace 10.90.0.0/16 via 10.90.112.17',
      'sh -c echo 1 > "/proc/sys/net/ipv4/conf/$1/forwarding" virtlab br-abcdef012345',
      'cat /proc/sys/net/ipv4/ip_forward',
      'sh -c echo 1 > /proc/sys/net/ipv4/ip_forward',
      'ip route replace 10.90.112.0/28 via 10.0.0.11',
    ]);
    expect(ledger.entries.map((e) => [e.host, e.kind, e.handle, e.state])).toEqual([
      ['h0', 'choice', 'bridge-slot', 'created'],
      ['h0', 'network', 'virtlab-c7-dk-0', 'created'],
      ['h0', 'folder', '/root/.virtlab/guests/virtlab-c7-dk', 'created'],
      ['h0', 'container', 'virtlab-c7-dk-0', 'created'],
      ['h1', 'network', 'virtlab-c7-dk-1', 'created'],
      ['h1', 'folder', '/root/.virtlab/guests/virtlab-c7-dk', 'created'],
      ['h1', 'container', 'virtlab-c7-dk-1', 'created'],
      ['h0', 'rank-containers', 'virtlab-c7-dk', 'created'],
      ['h1', 'rank-containers', 'virtlab-c7-dk', 'created'],
      ['h0', 'sysctl', 'net.ipv4.ip_forward', 'created'],
      ['h0', 'route', '10.90.112.16/28 via 10.0.0.12', 'created'],
      ['h1', 'sysctl', 'net.ipv4.ip_forward', 'created'],
      ['h1', 'route', '10.90.112.0/28 via 10.0.0.11', 'created'],
    ]);
  });

  it('imports an archive only when the daemon lacks the image, and keeps a running container', async () => {
    const h = recordingHost('h0', 0, [HOME, [/image inspect/, { code: 1 }], [/State\.Running/, { stdout: 'true\n' }]]);
    const ledger = memoryLedger();
    await dockerProvider.prepare({
      campaignId: 7,
      platform: 'dk',
      settings: s({ network: 'host', imageArchive: '/img/base.tar' }),
      hosts: [h],
      ledger,
      say: () => {},
    });
    expect(h.calls).toContain('docker import --change ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /img/base.tar virtlab-base');
    expect(h.calls.some((c) => c.startsWith('docker run'))).toBe(false);
    expect(ledger.entries.map((e) => [e.kind, e.handle, e.detail])).toEqual([
      ['image', 'virtlab-base', { keep: false }],
      ['rank-containers', 'virtlab-c7-dk', { label: 'virtlab.ranks' }],
    ]);
  });

  it("tears down by Docker's names in the order given, counts what is already gone as removed, and says what is left", async () => {
    const h = recordingHost('h0', 0, [
      [/docker rm -f gone/, { code: 1, stderr: 'Error: No such container: gone' }],
      [/docker network rm busy/, { code: 1, stderr: 'error: network busy has active endpoints' }],
    ]);
    const ledger = memoryLedger();
    const made = [
      ledger.intend('h0', 'image', 'virtlab-base', { keep: true }),
      ledger.intend('h0', 'network', 'busy'),
      ledger.intend('h0', 'folder', '/root/.virtlab/guests/virtlab-c7-dk-0'),
      ledger.intend('h0', 'container', 'gone'),
      ledger.intend('h0', 'route', '10.90.1.0/24 via 10.0.0.12', { route: ['10.90.1.0/24', 'via', '10.0.0.12'] }),
      ledger.intend('h0', 'sysctl', 'net.ipv4.ip_forward', { previous: '0' }),
      ledger.intend('h0', 'folder', '/etc'),
      ledger.intend('hX', 'container', 'x'),
    ];
    const left = await dockerProvider.teardown([...made].reverse(), { hostOf: (n) => (n === 'h0' ? h : undefined), ledger, say: () => {} });
    expect(h.calls).toEqual([
      'sh -c echo "$1" > /proc/sys/net/ipv4/ip_forward virtlab 0',
      'ip route del 10.90.1.0/24 via 10.0.0.12',
      'docker rm -f gone',
      'rm -rf -- /root/.virtlab/guests/virtlab-c7-dk-0',
      'docker network rm busy',
    ]);
    expect(left).toEqual([
      'container x: host hX is no longer in the inventory',
      'refusing to remove /etc on h0: not a guest folder',
      'removing network busy on h0 failed (exit code 1): error: network busy has active endpoints',
    ]);
    expect(ledger.open().map((e) => e.handle)).toEqual(['busy', '/etc', 'x']);
  });

  it('tells peers the container address on a bridge, the host and its published ports otherwise; commands go through docker exec', () => {
    expect(dockerProvider.reach(guest(1))).toEqual({ address: '10.90.112.18' });
    expect(dockerProvider.reach(guest(1, s({ network: 'published', ports: [21000, 21001] })))).toEqual({ address: '10.0.0.12', ports: [21000, 21001] });
    expect(dockerProvider.reach(guest(1, s({ network: 'host' })))).toEqual({ address: '10.0.0.12' });
    expect(dockerProvider.wrap(guest(0), ['netperf', '-H', 'x'])).toEqual(['docker', 'exec', '-i', 'virtlab-c7-dk-0', 'netperf', '-H', 'x']);
    expect(dockerProvider.estimatePrepare(s({ imageArchive: '/i.tar' }), 2)?.what).toBe(
      'Docker: 2 container(s) from virtlab-base (imported from /i.tar), network bridge (internal networks, no NAT, and routes)',
    );
  });
});
