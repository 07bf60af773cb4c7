// Docker: one long-lived container per host made from an image (never pulled: `--pull never`), commands run in it by
// `docker exec` (no sshd inside), docker-init (tini) as PID 1 reaping the runner's detached jobs. Networks: bridge (an
// internal Docker network per host, no NAT, each host routing the others' container subnets), published (the same
// network plus ports published by Docker's userland proxy: peers use the host's address) or host. Every thing made is
// in the ledger before it is made; teardown removes it by its Docker name and restores what was changed.
import { describeProvider } from '../catalog.ts';
import type { HostShell, LedgerEntry, PlatformProvider, PrepareContext } from '../provider.ts';
import { containerAddress, foldersToShare, gatewayOf, guestHome, guestName, hostSubnet, type BridgeGuest } from '../common/names.ts';
import { letBridgeForward, routePeers } from '../common/routes.ts';
import { homeOf, must } from '../common/run.ts';
import { removed, teardownWith } from '../common/teardown.ts';
import { IMAGE_PATH } from '../image/recipe.ts';
import { checkDocker } from './check.ts';
import type { DockerSettings } from './settings.ts';

const guestOf = (ctx: PrepareContext<DockerSettings>, h: HostShell) => ({
  campaignId: ctx.campaignId,
  platform: ctx.platform,
  host: { name: h.name, address: h.address, ordinal: h.ordinal },
});
const bridged = (s: DockerSettings): boolean => s.network !== 'host';

/** `docker run` argv of host h's container. */
export function dockerRunArgv(s: DockerSettings, name: string, home: string, g: BridgeGuest): string[] {
  const argv = [
    'docker',
    'run',
    '-d',
    '--pull',
    'never',
    '--name',
    name,
    '--hostname',
    name,
    '--init',
    '-e',
    `HOME=${home}`,
    '-w',
    home,
    '--label',
    'virtlab=1',
  ];
  if (bridged(s)) argv.push('--network', name, '--ip', containerAddress(s.subnet, g));
  else argv.push('--network', 'host');
  if (s.network === 'published') for (const p of s.ports) argv.push('-p', `${p}:${p}`);
  if (s.cpus !== undefined) argv.push('--cpus', String(s.cpus));
  if (s.memoryMiB !== undefined) argv.push('--memory', `${s.memoryMiB}m`);
  if (s.privileged) argv.push('--privileged');
  for (const f of foldersToShare(s.iozoneWrites)) argv.push('-v', `${home}/${f}:${home}/${f}`);
  for (const m of s.mounts) argv.push('-v', `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
  argv.push(s.image, 'sleep', 'infinity');
  return argv;
}

export const dockerProvider: PlatformProvider<DockerSettings> = {
  describe: describeProvider('docker')!,

  check: (s, hosts) => checkDocker(s, hosts),

  estimatePrepare: (s, n) => ({
    what: `Docker: ${n} container(s) from ${s.image}${s.imageArchive ? ` (imported from ${s.imageArchive})` : ''}, network ${s.network}${bridged(s) ? ' (internal networks, no NAT, and routes)' : ''}`,
    sec: (s.imageArchive ? 30 : 0) + 3 * n,
  }),

  async prepare(ctx) {
    const s = ctx.settings;
    for (const h of ctx.hosts) {
      const g = guestOf(ctx, h);
      const name = guestName(g);
      if (s.imageArchive && (await h.run(['docker', 'image', 'inspect', '--format', 'x', s.image])).code !== 0) {
        const e = ctx.ledger.intend(h.name, 'image', s.image, { keep: s.keepImage });
        ctx.say(`importing ${s.imageArchive} as ${s.image} on ${h.name}`);
        // A root file system tarball carries no environment: give the image the PATH every tool is found on.
        await must(h, ['docker', 'import', '--change', `ENV PATH=${IMAGE_PATH}`, s.imageArchive, s.image], `importing ${s.imageArchive}`, 15 * 60_000);
        ctx.ledger.created(e.id);
      }
      const home = guestHome(await homeOf(h), name);
      if (bridged(s) && (await h.run(['docker', 'network', 'inspect', '--format', 'x', name])).code !== 0) {
        const e = ctx.ledger.intend(h.name, 'network', name, { subnet: hostSubnet(s.subnet, g) });
        await must(
          h,
          [
            'docker',
            'network',
            'create',
            '--driver',
            'bridge',
            '--internal',
            '--subnet',
            hostSubnet(s.subnet, g),
            '--gateway',
            gatewayOf(s.subnet, g),
            '-o',
            'com.docker.network.bridge.enable_ip_masquerade=false',
            '--label',
            'virtlab=1',
            name,
          ],
          'creating a Docker network',
        );
        ctx.ledger.created(e.id);
      }
      const existing = await h.run(['docker', 'container', 'inspect', '--format', '{{.State.Running}}', name]);
      if (existing.code === 0 && existing.stdout.trim() === 'true') {
        ctx.say(`container ${name} on ${h.name} is already up`);
        continue;
      }
      const fe = ctx.ledger.intend(h.name, 'folder', home);
      await must(h, ['mkdir', '-p', '--', ...foldersToShare(s.iozoneWrites).map((f) => `${home}/${f}`)], "creating the container's shared folders");
      ctx.ledger.created(fe.id);
      const ce = ctx.ledger.intend(h.name, 'container', name);
      if (existing.code === 0) await h.run(['docker', 'rm', '-f', name]);
      await must(h, dockerRunArgv(s, name, home, g), `starting container ${name}`);
      ctx.ledger.created(ce.id);
      ctx.say(`container ${name} on ${h.name} started (${s.network})`);
      if (bridged(s)) {
        // An internal network may give the container no route out: reach the other hosts' container subnets via the bridge.
        const pid = (await must(h, ['docker', 'container', 'inspect', '--format', '{{.State.Pid}}', name], 'reading the container pid')).trim();
        if (!/^\d+$/.test(pid)) throw new Error(`${h.name}: container ${name} has no pid (${JSON.stringify(pid)})`);
        await must(
          h,
          ['nsenter', `--net=/proc/${pid}/ns/net`, 'ip', 'route', 'replace', s.subnet, 'via', gatewayOf(s.subnet, g)],
          'routing the container to its peers',
        );
        const id = (await must(h, ['docker', 'network', 'inspect', '--format', '{{.Id}}', name], 'reading the network id')).trim();
        await letBridgeForward(h, `br-${id.slice(0, 12)}`);
      }
    }
    if (s.network === 'bridge') await routePeers(ctx as PrepareContext<unknown>, s.subnet);
  },

  async health(ctx) {
    const problems: string[] = [];
    await Promise.all(
      ctx.hosts.map(async (h) => {
        const name = guestName(guestOf(ctx, h));
        const r = await h.run(['docker', 'exec', name, 'true'], { timeoutMs: 30_000 });
        if (r.code !== 0) problems.push(`${h.name}: container ${name} does not run commands: ${(r.stderr || r.stdout).trim()}`);
      }),
    );
    return problems;
  },

  // -i: the command's stdin is the session's (the runner writes files through it; without -i they come out empty).
  wrap: (g, argv) => ['docker', 'exec', '-i', guestName(g), ...argv],

  reach: (g) =>
    g.settings.network === 'bridge'
      ? { address: containerAddress(g.settings.subnet, g) }
      : g.settings.network === 'published'
        ? { address: g.host.address, ports: g.settings.ports }
        : { address: g.host.address },

  mpi: () => ({ kind: 'unsupported', why: 'MPI across Docker containers (the hybrid model) is not built yet' }),

  teardown: teardownWith(removeDockerThing),
};

async function removeDockerThing(h: HostShell, e: LedgerEntry): Promise<boolean> {
  switch (e.kind) {
    case 'container':
      removed(h, await h.run(['docker', 'rm', '-f', e.handle]), /no such container/i, `container ${e.handle}`);
      return true;
    case 'network':
      removed(h, await h.run(['docker', 'network', 'rm', e.handle]), /no such network|not found/i, `network ${e.handle}`);
      return true;
    case 'image':
      if (e.detail['keep'] !== true) removed(h, await h.run(['docker', 'rmi', e.handle]), /no such image/i, `image ${e.handle}`);
      return true;
    default:
      return false;
  }
}
