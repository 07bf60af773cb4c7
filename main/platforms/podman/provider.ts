// Podman (rootful): one long-lived container per host made from an image, commands run in it by `podman exec`
// (no sshd inside), a catatonit init reaping the runner's detached jobs. Networks: bridge (an internal netavark
// network per host, no NAT, each host routing the others' container subnets), slirp4netns (the host's address plus
// published ports) or host. Every thing made is in the ledger before it is made; teardown removes it by name and
// restores what was changed (routes, ip_forward).
import { describeProvider } from '../catalog.ts';
import type { HostShell, LedgerEntry, PlatformProvider, PrepareContext } from '../provider.ts';
import { containerAddress, foldersToShare, gatewayOf, guestHome, guestName, hostSubnet, type BridgeGuest } from '../common/names.ts';
import { letBridgeForward, routePeers } from '../common/routes.ts';
import { homeOf, must } from '../common/run.ts';
import { removed, teardownWith } from '../common/teardown.ts';
import { IMAGE_PATH } from '../image/recipe.ts';
import { checkPodman } from './check.ts';
import type { PodmanSettings } from './settings.ts';

/** Imports a root file system tarball (main/platforms/image/) as an image. A tarball carries no environment: the
 * image gets the PATH its recipe checked every tool on, or `podman exec` would not find make, gcc, mpirun. */
export const importArgv = (archive: string, image: string): string[] => ['podman', 'import', '--quiet', '--change', `ENV=PATH=${IMAGE_PATH}`, archive, image];

const guestOf = (ctx: PrepareContext<PodmanSettings>, h: HostShell) => ({
  campaignId: ctx.campaignId,
  platform: ctx.platform,
  host: { name: h.name, address: h.address, ordinal: h.ordinal },
});

/** `podman run` argv of host h's container (its network, on a bridge, has the container's name). */
export function podmanRunArgv(s: PodmanSettings, name: string, home: string, g: BridgeGuest): string[] {
  const argv = ['podman', 'run', '-d', '--name', name, '--hostname', name, '--init', '-e', `HOME=${home}`, '-w', home, '--label', 'virtlab=1'];
  if (s.network === 'bridge') argv.push('--network', name, '--ip', containerAddress(s.subnet, g));
  else if (s.network === 'slirp4netns') {
    argv.push('--network', 'slirp4netns');
    for (const p of s.ports) argv.push('-p', `${p}:${p}`);
  } else argv.push('--network', s.network);
  if (s.cpus !== undefined) argv.push('--cpus', String(s.cpus));
  if (s.memoryMiB !== undefined) argv.push('--memory', `${s.memoryMiB}m`);
  if (s.privileged) argv.push('--privileged');
  for (const f of foldersToShare(s.iozoneWrites)) argv.push('-v', `${home}/${f}:${home}/${f}`);
  for (const m of s.mounts) argv.push('-v', `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
  argv.push(s.image, 'sleep', 'infinity');
  return argv;
}

export const podmanProvider: PlatformProvider<PodmanSettings> = {
  describe: describeProvider('podman')!,

  check: (s, hosts) => checkPodman(s, hosts),

  estimatePrepare: (s, n) => ({
    what: `Podman: ${n} container(s) from ${s.image}${s.imageArchive ? ` (imported from ${s.imageArchive})` : ''}, network ${s.network}${s.network === 'bridge' ? ' (internal networks and routes)' : ''}`,
    sec: (s.imageArchive ? 40 : 0) + 3 * n,
  }),

  async prepare(ctx) {
    const s = ctx.settings;
    for (const h of ctx.hosts) {
      const g = guestOf(ctx, h);
      const name = guestName(g);
      if (s.imageArchive && (await h.run(['podman', 'image', 'exists', s.image])).code !== 0) {
        const e = ctx.ledger.intend(h.name, 'image', s.image, { keep: s.keepImage });
        ctx.say(`importing ${s.imageArchive} as ${s.image} on ${h.name}`);
        await must(h, importArgv(s.imageArchive, s.image), `importing ${s.imageArchive}`, 15 * 60_000);
        ctx.ledger.created(e.id);
      }
      const home = guestHome(await homeOf(h), name);
      if (s.network === 'bridge' && (await h.run(['podman', 'network', 'exists', name])).code !== 0) {
        const e = ctx.ledger.intend(h.name, 'network', name, { subnet: hostSubnet(s.subnet, g) });
        await must(
          h,
          ['podman', 'network', 'create', '--internal', '--disable-dns', '--subnet', hostSubnet(s.subnet, g), '--gateway', gatewayOf(s.subnet, g), name],
          'creating a Podman network',
        );
        ctx.ledger.created(e.id);
      }
      const existing = await h.run(['podman', 'container', 'inspect', '--format', '{{.State.Running}}', name]);
      if (existing.code === 0 && existing.stdout.trim() === 'true') {
        ctx.say(`container ${name} on ${h.name} is already up`);
        continue;
      }
      const fe = ctx.ledger.intend(h.name, 'folder', home);
      await must(h, ['mkdir', '-p', '--', ...foldersToShare(s.iozoneWrites).map((f) => `${home}/${f}`)], "creating the container's shared folders");
      ctx.ledger.created(fe.id);
      const ce = ctx.ledger.intend(h.name, 'container', name);
      if (existing.code === 0) await h.run(['podman', 'rm', '-f', '-t', '0', name]);
      await must(h, podmanRunArgv(s, name, home, g), `starting container ${name}`);
      ctx.ledger.created(ce.id);
      ctx.say(`container ${name} on ${h.name} started (${s.network})`);
      if (s.network === 'bridge') {
        // An internal network gives the container no route out: reach the other hosts' container subnets through the bridge.
        const pid = (await must(h, ['podman', 'container', 'inspect', '--format', '{{.State.Pid}}', name], 'reading the container pid')).trim();
        if (!/^\d+$/.test(pid)) throw new Error(`${h.name}: container ${name} has no pid (${JSON.stringify(pid)})`);
        await must(
          h,
          ['nsenter', `--net=/proc/${pid}/ns/net`, 'ip', 'route', 'replace', s.subnet, 'via', gatewayOf(s.subnet, g)],
          'routing the container to its peers',
        );
        const bridge = (await must(h, ['podman', 'network', 'inspect', '--format', '{{.NetworkInterface}}', name], 'reading the bridge name')).trim();
        await letBridgeForward(h, bridge);
      }
    }
    if (s.network === 'bridge') await routePeers(ctx as PrepareContext<unknown>, s.subnet);
  },

  async health(ctx) {
    const problems: string[] = [];
    await Promise.all(
      ctx.hosts.map(async (h) => {
        const r = await h.run(['podman', 'exec', guestName(guestOf(ctx, h)), 'true'], { timeoutMs: 30_000 });
        if (r.code !== 0) problems.push(`${h.name}: container ${guestName(guestOf(ctx, h))} does not run commands: ${(r.stderr || r.stdout).trim()}`);
      }),
    );
    return problems;
  },

  // -i: the command's stdin is the session's (the runner writes files such as NPB's make.def through it; without -i
  // podman exec gives the command an empty stdin, so NPB's make.def came out empty and setparams was never built).
  wrap: (g, argv) => ['podman', 'exec', '-i', guestName(g), ...argv],

  reach: (g) =>
    g.settings.network === 'bridge'
      ? { address: containerAddress(g.settings.subnet, g) }
      : g.settings.network === 'slirp4netns'
        ? { address: g.host.address, ports: g.settings.ports }
        : { address: g.host.address },

  mpi: () => ({ kind: 'unsupported', why: 'MPI across Podman containers (the hybrid model) is not built yet' }),

  teardown: teardownWith(removePodmanThing),
};

async function removePodmanThing(h: HostShell, e: LedgerEntry): Promise<boolean> {
  switch (e.kind) {
    case 'container':
      removed(h, await h.run(['podman', 'rm', '-f', '-t', '0', '--ignore', e.handle]), /no such container/i, `container ${e.handle}`);
      return true;
    case 'network':
      removed(h, await h.run(['podman', 'network', 'rm', '-f', e.handle]), /unable to find network|network not found/i, `network ${e.handle}`);
      return true;
    case 'image':
      if (e.detail['keep'] !== true) removed(h, await h.run(['podman', 'rmi', '-f', e.handle]), /image not known|no such image/i, `image ${e.handle}`);
      return true;
    default:
      return false;
  }
}
