// LXC system containers: one per host, started by lxc-start from VirtLab's own config (image unpacked once per host and
// platform as an overlay's lower layer, the host's static init as PID 1, a veth with a static address on a bridge
// VirtLab makes), commands run in it by lxc-attach (no sshd inside). Containers live in LXC's own path (lxc-ls lists
// them). Every thing made is in the ledger before it is made; teardown stops and destroys the container by name,
// removes the bridge and routes and restores ip_forward. MPI the hybrid way (rank.ts): the hosts' mpirun starts each
// rank through lxc-attach into the container's mount and PID namespaces only; the guest folder is named without the
// host's ordinal (one path on every host) and names the host's container, so one rank command serves all hosts.
import { quoteArg } from '../../ssh/quote.ts';
import { describeProvider } from '../catalog.ts';
import type { GuestRef, HostShell, LedgerEntry, PlatformProvider, PrepareContext } from '../provider.ts';
import { BRIDGE_PREFIX, containerAddress, foldersToShare, gatewayOf, guestHome, guestName, sharedGuestName } from '../common/names.ts';
import { letBridgeForward, routePeers } from '../common/routes.ts';
import { homeOf, must, ProviderError } from '../common/run.ts';
import { removed, teardownWith } from '../common/teardown.ts';
import { checkLxc } from './check.ts';
import { HOST_RUNS, lxcConfig } from './config.ts';
import { bridgeName, CONTAINER_FILE, IMAGE_FOLDER, imageFolder, vethName } from './names.ts';
import { lxcRankScript, RANK_NETWORK } from './rank.ts';
import type { LxcSettings } from './settings.ts';

const guestOf = (ctx: PrepareContext<LxcSettings>, h: HostShell): GuestRef<LxcSettings> => ({
  campaignId: ctx.campaignId,
  platform: ctx.platform,
  settings: ctx.settings,
  host: { name: h.name, address: h.address, ordinal: h.ordinal },
});

// Where LXC keeps containers and which static init it ships: $1 name -> "lxcpath init running".
const PLACES = [
  'p=$(lxc-config lxc.lxcpath)',
  'i=$(ls /usr/sbin/init.lxc.static /usr/lib/*/lxc/init.lxc.static /usr/libexec/lxc/init.lxc.static 2>/dev/null | head -n 1)',
  'if lxc-info -n "$1" -s 2>/dev/null | grep -q RUNNING; then r=yes; else r=no; fi',
  'printf "%s\\n%s\\n%s\\n" "$p" "$i" "$r"',
].join('\n');

async function prepareHost(ctx: PrepareContext<LxcSettings>, h: HostShell): Promise<void> {
  const s = ctx.settings;
  const g = guestOf(ctx, h);
  const name = guestName(g);
  const home = await homeOf(h);
  const [lxcpath = '', init = '', running = ''] = (await must(h, ['sh', '-c', PLACES, 'virtlab', name], 'asking LXC where it keeps containers')).split('\n');
  if (!lxcpath.startsWith('/') || !init.startsWith('/'))
    throw new ProviderError(`${h.name}: LXC has no container path (${JSON.stringify(lxcpath)}) or no static init (${JSON.stringify(init)})`);
  if (running === 'yes') {
    ctx.say(`container ${name} on ${h.name} is already up`);
    return;
  }

  const image = imageFolder(home, ctx.platform, s.imageArchive);
  if ((await h.run(['test', '-e', `${image}/.virtlab-unpacked`])).code !== 0) {
    const e = ctx.ledger.intend(h.name, 'image', image, { keep: s.keepImage });
    ctx.say(`unpacking ${s.imageArchive} on ${h.name}`);
    await must(
      h,
      [
        'sh',
        '-c',
        'rm -rf -- "$1" && mkdir -p -- "$1" && tar -C "$1" -xf "$2" --exclude=./dev/* && touch "$1/.virtlab-unpacked"',
        'virtlab',
        image,
        s.imageArchive,
      ],
      `unpacking ${s.imageArchive}`,
      15 * 60_000,
    );
    ctx.ledger.created(e.id);
  }
  // No host ordinal in the folder: MPI ranks (rank.ts) find it, and in it the name of this host's container, at one
  // path on every host.
  const folder = guestHome(home, sharedGuestName(g));
  const fe = ctx.ledger.intend(h.name, 'folder', folder);
  await must(
    h,
    [
      'sh',
      '-c',
      'f=$1 n=$2 c=$3; shift 3; mkdir -p -- "$f/upper" "$@" && printf "%s\\n" "$n" > "$f/$c"',
      'virtlab',
      folder,
      name,
      CONTAINER_FILE,
      `${home}/${HOST_RUNS}`,
      ...foldersToShare(s.iozoneWrites).map((f) => `${folder}/${f}`),
    ],
    'creating the guest folder',
  );
  ctx.ledger.created(fe.id);

  const bridge = bridgeName(g);
  if (s.network === 'bridge' && (await h.run(['ip', 'link', 'show', 'dev', bridge])).code !== 0) {
    const e = ctx.ledger.intend(h.name, 'bridge', bridge);
    await must(h, ['ip', 'link', 'add', bridge, 'type', 'bridge'], `creating bridge ${bridge}`);
    ctx.ledger.created(e.id);
    await must(h, ['ip', 'addr', 'add', `${gatewayOf(s.subnet, g)}/${BRIDGE_PREFIX}`, 'dev', bridge], `addressing bridge ${bridge}`);
    await must(h, ['ip', 'link', 'set', bridge, 'up'], `bringing bridge ${bridge} up`);
    await letBridgeForward(h, bridge);
  }
  const config = lxcConfig(s, {
    name,
    guestFolder: folder,
    hostHome: home,
    image,
    init,
    bridge,
    veth: vethName(g),
    campaignId: ctx.campaignId,
    ordinal: h.ordinal,
  });
  const ce = ctx.ledger.intend(h.name, 'container', name, { lxcpath });
  await must(h, ['sh', '-c', 'mkdir -p -- "$1/$2" && printf "%s" "$3" > "$1/$2/config"', 'virtlab', lxcpath, name, config], `writing the config of ${name}`);
  await must(h, ['lxc-start', '-n', name, '-d', '-o', `${folder}/lxc.log`, '-l', 'NOTICE'], `starting container ${name} (its log: ${folder}/lxc.log)`);
  ctx.ledger.created(ce.id);
  ctx.say(`container ${name} on ${h.name} started (${s.network})`);
}

export const lxcProvider: PlatformProvider<LxcSettings> = {
  describe: describeProvider('lxc')!,

  check: (s, hosts) => checkLxc(s, hosts),

  estimatePrepare: (s, n) => ({
    what: `LXC: ${n} system container(s) from ${s.imageArchive} (unpacked once per host), network ${s.network}${s.network === 'bridge' ? ' (own bridges, static addresses, no NAT, and routes)' : ''}`,
    sec: 30 + 2 * n,
  }),

  async prepare(ctx) {
    // Hosts in parallel: unpacking the image is most of the time.
    await Promise.all(ctx.hosts.map((h) => prepareHost(ctx, h)));
    if (ctx.settings.network === 'bridge') await routePeers(ctx as PrepareContext<unknown>, ctx.settings.subnet);
  },

  async health(ctx) {
    const problems: string[] = [];
    await Promise.all(
      ctx.hosts.map(async (h) => {
        const r = await h.run(lxcProvider.wrap(guestOf(ctx, h), ['true']), { timeoutMs: 30_000 });
        if (r.code !== 0) problems.push(`${h.name}: container ${guestName(guestOf(ctx, h))} does not run commands: ${(r.stderr || r.stdout).trim()}`);
      }),
    );
    return problems;
  },

  // HOME is the guest folder (its path depends on the login's $HOME, known only on the host); the command starts there.
  wrap: (g, argv) => [
    'sh',
    '-c',
    `g="$HOME"/.virtlab/guests/${quoteArg(sharedGuestName(g))}; exec lxc-attach -n ${quoteArg(guestName(g))} --keep-env -v HOME="$g" -- sh -c 'cd "$HOME" 2>/dev/null; exec "$@"' virtlab-lxc "$@"`,
    'virtlab-lxc-attach',
    ...argv,
  ],

  reach: (g) => (g.settings.network === 'bridge' ? { address: containerAddress(g.settings.subnet, g) } : { address: g.host.address }),

  mpi: () => ({ kind: 'wrapped', rankPrefix: (ref) => ['sh', '-c', lxcRankScript(ref), 'virtlab-lxc-rank'], network: RANK_NETWORK }),

  teardown: teardownWith(removeLxcThing),
};

async function removeLxcThing(h: HostShell, e: LedgerEntry): Promise<boolean> {
  switch (e.kind) {
    case 'container': {
      const stop = await h.run(['lxc-stop', '-n', e.handle, '-k'], { timeoutMs: 60_000 });
      removed(h, stop, /is not running|doesn't exist|does not exist|not defined/i, `container ${e.handle} (stopping)`);
      removed(h, await h.run(['lxc-destroy', '-n', e.handle], { timeoutMs: 300_000 }), /doesn't exist|does not exist|not defined/i, `container ${e.handle}`);
      return true;
    }
    case 'bridge':
      removed(h, await h.run(['ip', 'link', 'del', 'dev', e.handle]), /Cannot find device|does not exist/i, `bridge ${e.handle}`);
      return true;
    case 'image':
      if (e.detail['keep'] === true) return true;
      if (!IMAGE_FOLDER.test(e.handle)) throw new ProviderError(`refusing to remove ${e.handle} on ${h.name}: not an unpacked LXC image`);
      removed(h, await h.run(['rm', '-rf', '--', e.handle], { timeoutMs: 300_000 }), null, `image ${e.handle}`);
      return true;
    default:
      return false;
  }
}
