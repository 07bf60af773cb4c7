// Charliecloud: no daemon and no long-lived container. prepare unpacks the image archive into the guest's folder on
// each host; every command then runs through its own `ch-run` on that directory (host network, host process table:
// detached jobs are ordinary host processes, found by pid), with the runner's folders bind-mounted at the same path.
// MPI the way Charliecloud documents it: the hosts' mpirun starts each rank as `ch-run IMAGE -- binary`; the guest
// folder is named without the host's ordinal, so it is one path on every host (each host has its own $HOME) and one
// rank command serves all. Teardown removes the guest folder (image included).
import { quoteArg } from '../../ssh/quote.ts';
import { describeProvider } from '../catalog.ts';
import type { GuestRef, HostShell, LedgerEntry, PlatformProvider, PrepareContext, RankRef } from '../provider.ts';
import { foldersToShare, guestHome, sharedGuestName } from '../common/names.ts';
import { homeOf, must } from '../common/run.ts';
import { teardownWith } from '../common/teardown.ts';
import { checkCharliecloud } from './check.ts';
import type { CharliecloudSettings } from './settings.ts';

const guestOf = (ctx: PrepareContext<CharliecloudSettings>, h: HostShell): GuestRef<CharliecloudSettings> => ({
  campaignId: ctx.campaignId,
  platform: ctx.platform,
  settings: ctx.settings,
  host: { name: h.name, address: h.address, ordinal: h.ordinal },
});

/** The unpacked image inside the guest folder. */
export const IMAGE_DIR = 'image';
/** Mount points ch-run binds over that must exist in the image (it refuses otherwise). */
const MOUNT_POINTS = ['dev', 'proc', 'sys', 'tmp', 'home', 'etc'];

/** The guest folder's name: `virtlab-c<campaign>-<platform>`, the same on every host (no process or name is shared
 * between hosts: the folder is in each host's own home), so an MPI rank finds it wherever the launcher starts it. */
export const chGuestName = (g: RankRef<CharliecloudSettings>): string => sharedGuestName(g);

const guestFolderVar = (g: RankRef<CharliecloudSettings>): string => `g="$HOME"/.virtlab/guests/${quoteArg(chGuestName(g))}`;
const bindsOf = (g: RankRef<CharliecloudSettings>): string =>
  [
    ...foldersToShare(g.settings.iozoneWrites).map((f) => `-b "$g/${f}:$g/${f}"`),
    ...g.settings.mounts.map((m) => `-b ${quoteArg(`${m.source}:${m.target}`)}`),
  ].join(' ');

/** The ch-run command of a guest, as a shell script over "$@". Like a Podman guest it has its own home (the guest
 * folder, HOME inside) with the runner's folders bind-mounted at the same path; the folder depends on the login's
 * $HOME, which only the host knows, so it is expanded there. Writable (-w): the directory is VirtLab's own copy. */
export function chRunScript(g: RankRef<CharliecloudSettings>): string {
  return `${guestFolderVar(g)}; exec ch-run -w --set-env=HOME="$g" -c "$g" ${bindsOf(g)} "$g/${IMAGE_DIR}" -- "$@"`;
}

/** The host's run folders (the runner's `.virtlab/runs/<run>` under the login's home). */
const HOST_RUNS = '.virtlab/runs';

/** A rank's ch-run. The launcher starts every rank in its own working folder (Open MPI: mpirun's, where the node has
 * it), which for a wrapped run is the run's folder on the head host: the job's input files are there (HPCC's
 * hpccinf.txt) and its output is read back from there. So when the rank starts in one of the host's run folders, that
 * folder is bound at its own path and the rank starts in it; elsewhere (a host without the run folder) in the guest
 * folder, as a command does. */
export function chRankScript(g: RankRef<CharliecloudSettings>): string {
  const image = `"$g/${IMAGE_DIR}"`;
  return [
    guestFolderVar(g),
    `case "$PWD" in "$HOME"/${HOST_RUNS}/?*) set -- -b "$PWD:$PWD" -c "$PWD" ${image} -- "$@" ;; *) set -- -c "$g" ${image} -- "$@" ;; esac`,
    `exec ch-run -w --set-env=HOME="$g" ${bindsOf(g)} "$@"`,
  ].join('; ');
}

export const charliecloudProvider: PlatformProvider<CharliecloudSettings> = {
  describe: describeProvider('charliecloud')!,

  check: (s, hosts) => checkCharliecloud(s, hosts),

  estimatePrepare: (s, n) => ({ what: `Charliecloud: unpack ${s.imageArchive} on ${n} host(s), commands through ch-run (host network)`, sec: 20 }),

  async prepare(ctx) {
    await Promise.all(
      ctx.hosts.map(async (h) => {
        const g = guestOf(ctx, h);
        const folder = guestHome(await homeOf(h), chGuestName(g));
        const image = `${folder}/${IMAGE_DIR}`;
        if ((await h.run(['test', '-e', `${image}/.virtlab-unpacked`])).code === 0) {
          ctx.say(`image of ${chGuestName(g)} on ${h.name} is already unpacked`);
          return;
        }
        const e = ctx.ledger.intend(h.name, 'folder', folder);
        ctx.say(`unpacking ${ctx.settings.imageArchive} on ${h.name}`);
        await must(h, ['mkdir', '-p', '--', image, ...foldersToShare(ctx.settings.iozoneWrites).map((f) => `${folder}/${f}`)], 'creating the guest folder');
        ctx.ledger.created(e.id);
        // Device nodes stay out (ch-run binds the host's /dev); the mount points it binds over must exist.
        await must(h, ['tar', '-C', image, '-xf', ctx.settings.imageArchive, '--exclude=./dev/*'], `unpacking ${ctx.settings.imageArchive}`, 15 * 60_000);
        await must(
          h,
          ['sh', '-c', 'cd "$1" && shift && mkdir -p -- "$@" && touch etc/hosts etc/resolv.conf .virtlab-unpacked', 'virtlab', image, ...MOUNT_POINTS],
          "preparing the image's mount points",
        );
      }),
    );
  },

  async health(ctx) {
    const problems: string[] = [];
    await Promise.all(
      ctx.hosts.map(async (h) => {
        const r = await h.run(charliecloudProvider.wrap(guestOf(ctx, h), ['true']), { timeoutMs: 30_000 });
        if (r.code !== 0)
          problems.push(`${h.name}: ch-run on the image of ${chGuestName(guestOf(ctx, h))} does not run commands: ${(r.stderr || r.stdout).trim()}`);
      }),
    );
    return problems;
  },

  wrap: (g, argv) => ['sh', '-c', chRunScript(g), 'virtlab-ch-run', ...argv],

  reach: (g) => ({ address: g.host.address }),

  // Every rank through its own ch-run on the host it lands on (host network: ranks reach each other at the hosts' addresses).
  mpi: () => ({ kind: 'wrapped', rankPrefix: (ref) => ['sh', '-c', chRankScript(ref), 'virtlab-ch-rank'], network: 'the host network' }),

  teardown: teardownWith(async (_h: HostShell, _e: LedgerEntry) => false),
};
