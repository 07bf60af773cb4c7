// What the LXC provider asks a host to do: its container config (overlay on the unpacked image, static init, veth
// with a static address, the runner's folders bound), the order of prepare (ledger first), lxc-attach as the way in,
// and teardown by LXC's own names.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lxcConfig } from '../../../../main/platforms/lxc/config.ts';
import { bridgeName, imageFolder, vethName } from '../../../../main/platforms/lxc/names.ts';
import { lxcProvider } from '../../../../main/platforms/lxc/provider.ts';
import { lxcSettings } from '../../../../main/platforms/lxc/settings.ts';
import { toShellCommand } from '../../../../main/ssh/quote.ts';
import { memoryLedger, recordingHost, type Rule } from '../support/recording-host.ts';

const s = (x: Record<string, unknown> = {}) => lxcSettings.parse({ imageArchive: '/img/base.tar', ...x });
const guest = (ordinal: number, settings = s()) => ({
  campaignId: 7,
  platform: 'lx',
  settings,
  host: { name: `h${ordinal}`, address: `10.0.0.${11 + ordinal}`, ordinal },
});
// The guest folder has no host ordinal (one path on every host, for MPI ranks); the container has.
const G = '/root/.virtlab/guests/virtlab-c7-lx';

describe('LXC provider', () => {
  it('writes a config: overlay on the image, the static init as PID 1, a static address on its bridge, folders bound', () => {
    const text = lxcConfig(s({ mounts: [{ source: '/data', target: '/in', readOnly: true }] }), {
      name: 'virtlab-c7-lx-1',
      guestFolder: G,
      hostHome: '/root',
      image: '/root/.virtlab/images/lxc-0123456789abcdef',
      init: '/usr/sbin/init.lxc.static',
      bridge: 'vlxaaaa',
      veth: 'vlvaaaa',
      campaignId: 7,
      ordinal: 1,
    });
    expect(text.split('\n')).toEqual(
      expect.arrayContaining([
        'lxc.rootfs.path = overlay:/root/.virtlab/images/lxc-0123456789abcdef:/root/.virtlab/guests/virtlab-c7-lx/upper',
        'lxc.mount.entry = /usr/sbin/init.lxc.static .virtlab-init none bind,ro,create=file 0 0',
        'lxc.init.cmd = /.virtlab-init --name=virtlab-c7-lx-1 -- sleep infinity',
        'lxc.net.0.link = vlxaaaa',
        'lxc.net.0.veth.pair = vlvaaaa',
        'lxc.net.0.ipv4.address = 10.91.112.18/28',
        'lxc.net.0.ipv4.gateway = 10.91.112.17',
        `lxc.mount.entry = ${G}/.virtlab/runs ${G.slice(1)}/.virtlab/runs none bind,create=dir 0 0`,
        'lxc.mount.entry = /data in none bind,ro,create=dir 0 0',
        // For MPI ranks: the host's /tmp (the launcher daemon's PMIx socket) and run folders at their own path.
        'lxc.mount.entry = /tmp tmp none bind,create=dir 0 0',
        'lxc.mount.entry = /root/.virtlab/runs root/.virtlab/runs none bind,create=dir 0 0',
      ]),
    );
    expect(text).not.toContain('.virtlab/scratch');
    expect(
      lxcConfig(s({ network: 'host' }), {
        name: 'n',
        guestFolder: G,
        hostHome: '/root',
        image: '/i',
        init: '/init',
        bridge: 'b',
        veth: 'v',
        campaignId: 7,
        ordinal: 0,
      }),
    ).toContain('lxc.net.0.type = none\n');
    expect(() =>
      lxcConfig(s(), {
        name: 'n',
        guestFolder: '/root/my guests',
        hostHome: '/root',
        image: '/i',
        init: '/init',
        bridge: 'b',
        veth: 'v',
        campaignId: 7,
        ordinal: 0,
      }),
    ).toThrow(/path with spaces/);
    expect(lxcSettings.safeParse({ imageArchive: '/a b.tar' }).success).toBe(false);
  });

  it('derives short link names and a per-platform image folder', () => {
    expect(bridgeName(guest(1))).toMatch(/^vlx[0-9a-f]{8}$/);
    expect(vethName(guest(1))).toMatch(/^vlv[0-9a-f]{8}$/);
    expect(bridgeName(guest(1))).not.toBe(bridgeName(guest(0)));
    expect(imageFolder('/root', 'lx', '/img/base.tar')).not.toBe(imageFolder('/root', 'lx2', '/img/base.tar'));
  });

  it('prepares: image unpacked, guest folder, bridge, config, lxc-start; each in the ledger first; then routes', async () => {
    const rules: Rule[] = [
      [/printf "%s" "\$HOME"/, { stdout: '/root' }],
      [/lxc-config lxc.lxcpath/, { stdout: '/var/lib/lxc\n/usr/sbin/init.lxc.static\nno\n' }],
      [/^test -e/, { code: 1 }],
      [/^ip link show/, { code: 1 }],
      [/ip_forward$/, { stdout: '1\n' }],
    ];
    const hosts = [recordingHost('h0', 0, rules), recordingHost('h1', 1, rules)];
    const ledger = memoryLedger(7, 'lx');
    await lxcProvider.prepare({ campaignId: 7, platform: 'lx', settings: s(), hosts, ledger, say: () => {} });
    const br = bridgeName(guest(1));
    expect(hosts[1]!.calls.filter((c) => /^(sh -c (rm|mkdir|f=)|mkdir|ip (link|addr|route)|lxc-start)/.test(c))).toEqual([
      `sh -c rm -rf -- "$1" && mkdir -p -- "$1" && tar -C "$1" -xf "$2" --exclude=./dev/* && touch "$1/.virtlab-unpacked" virtlab ${imageFolder('/root', 'lx', '/img/base.tar')} /img/base.tar`,
      `sh -c f=$1 n=$2 c=$3; shift 3; mkdir -p -- "$f/upper" "$@" && printf "%s\\n" "$n" > "$f/$c" virtlab ${G} virtlab-c7-lx-1 lxc-container /root/.virtlab/runs ${G}/.virtlab/runs ${G}/.virtlab/npb ${G}/.virtlab/src ${G}/.virtlab/mpi`,
      `ip link show dev ${br}`,
      `ip link add ${br} type bridge`,
      `ip addr add 10.91.112.17/28 dev ${br}`,
      `ip link set ${br} up`,
      expect.stringMatching(
        /^sh -c mkdir -p -- "\$1\/\$2" && printf "%s" "\$3" > "\$1\/\$2\/config" virtlab \/var\/lib\/lxc virtlab-c7-lx-1 # Written by VirtLab/,
      ),
      `lxc-start -n virtlab-c7-lx-1 -d -o ${G}/lxc.log -l NOTICE`,
      'ip route replace 10.91.112.0/28 via 10.0.0.11',
    ]);
    expect(ledger.entries.filter((e) => e.host === 'h1').map((e) => [e.kind, e.state])).toEqual([
      ['image', 'created'],
      ['folder', 'created'],
      ['bridge', 'created'],
      ['container', 'created'],
      ['route', 'created'],
    ]);
  });

  it("runs commands through lxc-attach with HOME the guest folder, and tears down by LXC's names", async () => {
    const argv = lxcProvider.wrap(guest(1), ['netperf', '-H', 'a b']);
    const bin = mkdtempSync(join(tmpdir(), 'lxc-attach-'));
    writeFileSync(join(bin, 'lxc-attach'), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
    const out = execFileSync('sh', ['-c', toShellCommand(argv)], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, HOME: '/root' } });
    rmSync(bin, { recursive: true });
    expect(out.trim().split('\n')).toEqual([
      '-n',
      'virtlab-c7-lx-1',
      '--keep-env',
      '-v',
      `HOME=${G}`,
      '--',
      'sh',
      '-c',
      'cd "$HOME" 2>/dev/null; exec "$@"',
      'virtlab-lxc',
      'netperf',
      '-H',
      'a b',
    ]);
    expect(lxcProvider.reach(guest(1))).toEqual({ address: '10.91.112.18' });
    expect(lxcProvider.reach(guest(1, s({ network: 'host' })))).toEqual({ address: '10.0.0.12' });

    const h = recordingHost('h1', 1, [[/lxc-stop/, { code: 2, stderr: 'virtlab-c7-lx-1 is not running' }]]);
    const ledger = memoryLedger(7, 'lx');
    const made = [
      ledger.intend('h1', 'image', '/root/.virtlab/images/lxc-0123456789abcdef', { keep: false }),
      ledger.intend('h1', 'bridge', 'vlxaaaa'),
      ledger.intend('h1', 'container', 'virtlab-c7-lx-1'),
    ];
    expect(await lxcProvider.teardown([...made].reverse(), { hostOf: () => h, ledger, say: () => {} })).toEqual([]);
    expect(h.calls).toEqual([
      'lxc-stop -n virtlab-c7-lx-1 -k',
      'lxc-destroy -n virtlab-c7-lx-1',
      'ip link del dev vlxaaaa',
      'rm -rf -- /root/.virtlab/images/lxc-0123456789abcdef',
    ]);
  });
});
