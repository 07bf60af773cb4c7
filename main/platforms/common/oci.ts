// The shape Docker and Podman share (an OCI runtime driven by its CLI): one long-lived container per host made from an
// image, its home a host folder mounted at the same path, commands run in it by `<cli> exec -i` (no sshd inside), an
// init reaping the runner's detached jobs; on a network of its own per host (internal, no NAT) each container routes
// the other hosts' container subnets through its bridge and the hosts route them to each other. Every thing made is in
// the ledger before it is made; teardown removes it by the runtime's own name. What differs between the runtimes (the
// binary, its flags, how it names a bridge, what it says when a thing is already gone) is the data in OciCli.
import { quoteArg } from '../../ssh/quote.ts';
import type { GuestRef, HostShell, LedgerEntry, MpiModel, PlatformProvider, PrepareContext, RankRef } from '../provider.ts';
import { containerAddress, foldersToShare, gatewayOf, guestHome, guestName, hostSubnet, sharedGuestName, type BridgeGuest } from './names.ts';
import { chooseBridgeSlot } from './bridge-slot.ts';
import { letBridgeForward, routePeers } from './routes.ts';
import { homeOf, must } from './run.ts';
import { removed, teardownWith } from './teardown.ts';

/** The settings the shared shape reads (common/settings.ts plus the provider's own network modes). */
export interface OciSettings {
  image: string;
  imageArchive?: string | undefined;
  keepImage: boolean;
  network: string;
  subnet: string;
  ports: readonly number[];
  cpus?: number | undefined;
  memoryMiB?: number | undefined;
  privileged: boolean;
  mounts: readonly { source: string; target: string; readOnly: boolean }[];
  iozoneWrites: 'container' | 'host-folder';
}

type Argv = (x: string) => string[];
/** What one runtime's CLI does differently. */
export interface OciCli<S extends OciSettings> {
  /** The binary and the runtime's name in sentences. */
  bin: string;
  title: string;
  /** Flags of `run` after `-d` (Docker: never pull). */
  runFlags: readonly string[];
  /** Whether the container gets a network of its own on its host (and an address in the platform's subnet). */
  ownNetwork(s: S): boolean;
  /** Whether peers reach it at the host's address plus the published ports. */
  publishes(s: S): boolean;
  imageExists: Argv;
  importArgv(archive: string, image: string): string[];
  networkExists: Argv;
  /** Prints the subnets of every network of the runtime on the host, separated by white space. */
  subnetsInUse: readonly string[];
  networkCreate(name: string, subnet: string, gateway: string): string[];
  /** The network's bridge on the host: the inspect format and how its output names the link. */
  bridge: { format: string; name(out: string): string };
  /** Removing a container found stopped before starting it again. */
  replace: Argv;
  /** Teardown by kind: the argv, and what the runtime says when the thing is already gone. */
  remove: Record<'container' | 'network' | 'image', { argv: Argv; gone: RegExp }>;
  /** Network modes whose containers MPI ranks cannot use, with why (ranks then refuse at the campaign's start). */
  mpiRefused(s: S): string | undefined;
  /** Seconds an import costs, and what the plan says the networks are. */
  importSec: number;
  networkNote: string;
}

export const guestOf = (ctx: Pick<PrepareContext<unknown>, 'campaignId' | 'platform'>, h: HostShell, slot?: number) => ({
  campaignId: ctx.campaignId,
  platform: ctx.platform,
  host: { name: h.name, address: h.address, ordinal: h.ordinal },
  slot,
});

/** `<cli> run` argv of host g's container (its own network, when it has one, has the container's name). */
export function ociRunArgv<S extends OciSettings>(cli: OciCli<S>, s: S, name: string, home: string, g: BridgeGuest): string[] {
  const argv = [cli.bin, 'run', '-d', ...cli.runFlags, '--name', name, '--hostname', name, '--init', '-e', `HOME=${home}`, '-w', home, '--label', 'virtlab=1'];
  if (cli.ownNetwork(s)) argv.push('--network', name, '--ip', containerAddress(s.subnet, g));
  else argv.push('--network', s.network);
  if (cli.publishes(s)) for (const p of s.ports) argv.push('-p', `${p}:${p}`);
  if (s.cpus !== undefined) argv.push('--cpus', String(s.cpus));
  if (s.memoryMiB !== undefined) argv.push('--memory', `${s.memoryMiB}m`);
  if (s.privileged) argv.push('--privileged');
  for (const f of foldersToShare(s.iozoneWrites)) argv.push('-v', `${home}/${f}:${home}/${f}`);
  for (const m of s.mounts) argv.push('-v', `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`);
  argv.push(s.image, 'sleep', 'infinity');
  return argv;
}

/** The environment the MPI launcher's daemon hands each rank (its rank, the PMIx server's socket, MCA parameters): a
 * container gets none of the caller's environment unless named, so the rank script names every such variable. */
const MPI_ENV = '^(OMPI|PMIX|OPAL|ORTE|PRTE|HWLOC)_';

/** The label every rank container of a platform's campaign carries (value: the shared guest name): teardown finds and
 * removes by it the rank containers a killed launcher or a SIGKILLed client left running (`--rm` acts only once the
 * rank's process ends). */
export const RANK_LABEL = 'virtlab.ranks';

/** `sh -c` removing every container labelled `<RANK_LABEL>=<value>` ($1), each with the runtime's own removal argv
 * (`removeArgv(id)`, the id last) and by the id the runtime lists; prints the ids removed. */
export const removeRanksArgv = (bin: string, removeArgv: (id: string) => string[], value: string): string[] => [
  'sh',
  '-c',
  `ids=$(${bin} ps -aq --filter "label=${RANK_LABEL}=$1") || exit $?; for i in $ids; do ${removeArgv('x').slice(0, -1).map(quoteArg).join(' ')} "$i" >/dev/null || exit $?; echo "$i"; done`,
  'virtlab-rank-sweep',
  value,
];

/** One rank of an MPI run as its own container, started by the hosts' launcher wherever it lands: the platform's
 * image on the host network, in the host's process and IPC namespaces (ranks on one host share memory; the launcher's
 * daemon sees and signals them), with the host's /tmp (the PMIx server's socket is there) and the guest's folders at
 * the same path as in the platform's container (the binary built there). `--rm`: it goes when the rank ends. */
export function ociRankScript<S extends OciSettings>(cli: OciCli<S>, ref: RankRef<S>): string {
  const s = ref.settings;
  const flags = [
    ...cli.runFlags,
    '--network=host',
    '--pid=host',
    '--ipc=host',
    '--uts=host',
    '--label',
    'virtlab=1',
    '--label',
    `${RANK_LABEL}=${sharedGuestName(ref)}`,
    ...(s.cpus !== undefined ? ['--cpus', String(s.cpus)] : []),
    ...(s.memoryMiB !== undefined ? ['--memory', `${s.memoryMiB}m`] : []),
    ...(s.privileged ? ['--privileged'] : []),
  ].map(quoteArg);
  const binds = [
    '-v /tmp:/tmp',
    ...foldersToShare(s.iozoneWrites).map((f) => `-v "$g/${f}:$g/${f}"`),
    ...s.mounts.map((m) => `-v ${quoteArg(`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`)}`),
  ];
  return [
    `g="$HOME"/.virtlab/guests/${quoteArg(sharedGuestName(ref))}`,
    `set -- ${quoteArg(s.image)} "$@"`,
    `for v in $(env | cut -d= -f1 | grep -E '${MPI_ENV}'); do set -- -e "$v" "$@"; done`,
    `exec ${cli.bin} run --rm ${flags.join(' ')} -e HOME="$g" -w "$g" ${binds.join(' ')} "$@"`,
  ].join('; ');
}

/** MPI on an OCI platform: the hybrid model, one container per rank on the host network (see ociRankScript), unless
 * the platform's network mode is one ranks cannot use. */
export function ociMpi<S extends OciSettings>(cli: OciCli<S>, s: S): MpiModel<S> {
  const refused = cli.mpiRefused(s);
  if (refused) return { kind: 'unsupported', why: refused };
  return {
    kind: 'wrapped',
    rankPrefix: (ref) => ['sh', '-c', ociRankScript(cli, ref), `virtlab-${cli.bin}-rank`],
    network:
      s.network === 'host'
        ? 'the host network'
        : `the host network (one ${cli.title} container per rank with --network=host; the platform's ${s.network} network carries its other benchmarks, not MPI)`,
  };
}

async function prepareHost<S extends OciSettings>(cli: OciCli<S>, ctx: PrepareContext<S>, h: HostShell, slot?: number): Promise<void> {
  const s = ctx.settings;
  const g = guestOf(ctx, h, slot);
  const name = guestName(g);
  if (s.imageArchive && (await h.run(cli.imageExists(s.image))).code !== 0) {
    const e = ctx.ledger.intend(h.name, 'image', s.image, { keep: s.keepImage });
    ctx.say(`importing ${s.imageArchive} as ${s.image} on ${h.name}`);
    await must(h, cli.importArgv(s.imageArchive, s.image), `importing ${s.imageArchive}`, 15 * 60_000);
    ctx.ledger.created(e.id);
  }
  // The guest folder has no host ordinal: MPI ranks (ociRankScript) find it at one path on every host.
  const home = guestHome(await homeOf(h), sharedGuestName(g));
  if (cli.ownNetwork(s) && (await h.run(cli.networkExists(name))).code !== 0) {
    const e = ctx.ledger.intend(h.name, 'network', name, { subnet: hostSubnet(s.subnet, g) });
    await must(h, cli.networkCreate(name, hostSubnet(s.subnet, g), gatewayOf(s.subnet, g)), `creating a ${cli.title} network`);
    ctx.ledger.created(e.id);
  }
  const existing = await h.run([cli.bin, 'container', 'inspect', '--format', '{{.State.Running}}', name]);
  if (existing.code === 0 && existing.stdout.trim() === 'true') {
    ctx.say(`container ${name} on ${h.name} is already up`);
    return;
  }
  const fe = ctx.ledger.intend(h.name, 'folder', home);
  await must(h, ['mkdir', '-p', '--', ...foldersToShare(s.iozoneWrites).map((f) => `${home}/${f}`)], "creating the container's shared folders");
  ctx.ledger.created(fe.id);
  const ce = ctx.ledger.intend(h.name, 'container', name);
  if (existing.code === 0) await h.run(cli.replace(name));
  await must(h, ociRunArgv(cli, s, name, home, g), `starting container ${name}`);
  ctx.ledger.created(ce.id);
  ctx.say(`container ${name} on ${h.name} started (${s.network})`);
  if (!cli.ownNetwork(s)) return;
  // An internal network gives the container no route out: reach the other hosts' container subnets through the bridge.
  const pid = (await must(h, [cli.bin, 'container', 'inspect', '--format', '{{.State.Pid}}', name], 'reading the container pid')).trim();
  if (!/^\d+$/.test(pid)) throw new Error(`${h.name}: container ${name} has no pid (${JSON.stringify(pid)})`);
  await must(
    h,
    ['nsenter', `--net=/proc/${pid}/ns/net`, 'ip', 'route', 'replace', s.subnet, 'via', gatewayOf(s.subnet, g)],
    'routing the container to its peers',
  );
  const out = await must(h, [cli.bin, 'network', 'inspect', '--format', cli.bridge.format, name], 'reading the bridge name');
  await letBridgeForward(h, cli.bridge.name(out.trim()));
}

const RANK_KIND = 'rank-containers';

/** A ledger entry per host for the MPI rank containers runs may start there (none exist yet; teardown sweeps them by
 * label). Written after the host's other entries, and once (a resume prepares again), so teardown, newest first,
 * removes the ranks before the guest folders they bind. */
function recordRankSweep<S>(ctx: PrepareContext<S>): void {
  const open = ctx.ledger.open();
  for (const h of ctx.hosts) {
    if (open.some((e) => e.kind === RANK_KIND && e.host === h.name)) continue;
    ctx.ledger.created(ctx.ledger.intend(h.name, RANK_KIND, sharedGuestName(guestOf(ctx, h)), { label: RANK_LABEL }).id);
  }
}

/** Everything of a PlatformProvider but describe and check, from the runtime's differences. */
export function ociProvider<S extends OciSettings>(cli: OciCli<S>): Omit<PlatformProvider<S>, 'describe' | 'check'> {
  const removeOwn = async (h: HostShell, e: LedgerEntry, say: (line: string) => void): Promise<boolean> => {
    if (e.kind !== 'container' && e.kind !== 'network' && e.kind !== 'image' && e.kind !== RANK_KIND) return false;
    if (e.kind === RANK_KIND) {
      const r = await h.run(removeRanksArgv(cli.bin, cli.remove.container.argv, e.handle));
      removed(h, r, cli.remove.container.gone, `rank containers labelled ${RANK_LABEL}=${e.handle}`);
      const ids = r.stdout.split(/\s+/).filter(Boolean);
      if (ids.length) say(`${h.name}: removed ${ids.length} MPI rank container(s) an interrupted run left (${ids.join(', ')})`);
      return true;
    }
    if (e.kind === 'image' && e.detail['keep'] === true) return true;
    const how = cli.remove[e.kind];
    removed(h, await h.run(how.argv(e.handle)), how.gone, `${e.kind} ${e.handle}`);
    return true;
  };
  return {
    estimatePrepare: (s, n) => ({
      what: `${cli.title}: ${n} container(s) from ${s.image}${s.imageArchive ? ` (imported from ${s.imageArchive})` : ''}, network ${s.network}${cli.ownNetwork(s) ? ` (${cli.networkNote})` : ''}`,
      sec: (s.imageArchive ? cli.importSec : 0) + 3 * n,
    }),

    async prepare(ctx) {
      const slot = cli.ownNetwork(ctx.settings) ? await chooseBridgeSlot(ctx, cli.subnetsInUse, cli.title) : undefined;
      for (const h of ctx.hosts) await prepareHost(cli, ctx, h, slot);
      if (ociMpi(cli, ctx.settings).kind === 'wrapped') recordRankSweep(ctx);
      if (ctx.settings.network === 'bridge') await routePeers(ctx as PrepareContext<unknown>, ctx.settings.subnet, slot);
    },

    async health(ctx) {
      const problems: string[] = [];
      await Promise.all(
        ctx.hosts.map(async (h) => {
          const name = guestName(guestOf(ctx, h));
          const r = await h.run([cli.bin, 'exec', name, 'true'], { timeoutMs: 30_000 });
          if (r.code !== 0) problems.push(`${h.name}: container ${name} does not run commands: ${(r.stderr || r.stdout).trim()}`);
        }),
      );
      return problems;
    },

    // -i: the command's stdin is the session's (the runner writes files such as NPB's make.def through it; without -i
    // exec gives the command an empty stdin, so NPB's make.def came out empty and setparams was never built).
    wrap: (g: GuestRef<S>, argv) => [cli.bin, 'exec', '-i', guestName(g), ...argv],

    reach: (g: GuestRef<S>) =>
      g.settings.network === 'bridge'
        ? { address: containerAddress(g.settings.subnet, { ...g, slot: g.prepared?.bridgeSlot }) }
        : cli.publishes(g.settings)
          ? { address: g.host.address, ports: g.settings.ports }
          : { address: g.host.address },

    mpi: (s) => ociMpi(cli, s),

    teardown: teardownWith(removeOwn),
  };
}
