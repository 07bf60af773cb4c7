// Where an MPI run's launcher and ranks live. On hosts and SSH guests: the endpoints themselves. On a platform whose
// provider has the 'wrapped' MPI model (a container runtime): the hosts' own launcher, keys, hostfile addresses and
// subnet, every rank started behind the provider's prefix (e.g. `ch-run IMAGE --`), and the MPI inside the image
// checked to be the hosts' version, since the host's daemon talks to a rank linked against the image's library.
import { RunnerError } from '../errors.ts';
import { limitOn } from '../endpoint-limits.ts';
import { mustRun, run, shArgv, type BenchEndpoint } from '../remote.ts';
import type { MpiImpl } from '../npb/toolchain.ts';

export interface RankSide {
  /** The endpoints the launcher, keys and hostfile use (the hosts, or the endpoints themselves). */
  launchers: BenchEndpoint[];
  /** What every rank runs behind (empty: the rank's command itself). */
  prefix: readonly string[];
  /** The ranks' network when they run wrapped, for the log. */
  network?: string;
}

export function rankSide(used: readonly BenchEndpoint[]): RankSide {
  const wrapped = used.filter((e) => e.ranksFromHost);
  if (wrapped.length === 0) return { launchers: [...used], prefix: [] };
  if (wrapped.length !== used.length) throw new RunnerError('refused', 'an MPI run cannot mix endpoints whose ranks the host starts with others');
  const first = used[0]!.ranksFromHost!;
  return { launchers: used.map((e) => e.ranksFromHost!.host), prefix: first.rankPrefix, network: first.network };
}

/** The rank command behind the prefix: the launcher's argv ends with the rank's binary (and nothing after it). */
export function withRankPrefix(argv: readonly string[], side: RankSide, rankArgs = 1): string[] {
  if (side.prefix.length === 0) return [...argv];
  return [...argv.slice(0, argv.length - rankArgs), ...side.prefix, ...argv.slice(argv.length - rankArgs)];
}

// Launcher paths, cores and whether we are root, in one round trip.
const PROBE = 'echo "mpirun=$(command -v mpirun)"; echo "mpiexec=$(command -v mpiexec)"; echo "nproc=$(nproc)"; echo "uid=$(id -u)"';

export interface Launcher {
  launcher: string;
  cores: number;
  isRoot: boolean;
}

/** The launcher of `impl` on the endpoint (mpirun for Open MPI, mpiexec for MPICH). */
export async function launcherOn(ep: BenchEndpoint, impl: MpiImpl): Promise<Launcher> {
  const kv = new Map((await mustRun(ep, shArgv(PROBE), 'finding the MPI launcher')).stdout.split('\n').map((l) => l.split('=') as [string, string]));
  const launcher = impl === 'openmpi' ? kv.get('mpirun') : kv.get('mpiexec');
  if (!launcher) throw new RunnerError('refused', `${ep.name} has no ${impl === 'openmpi' ? 'mpirun (Open MPI)' : 'mpiexec (MPICH)'}`);
  return { launcher, cores: Number(kv.get('nproc') || 1), isRoot: kv.get('uid') === '0' };
}

/** The version line the launcher prints ("mpirun (Open MPI) 4.1.4", "Version: 4.0.2"), undefined when it says none. */
export async function mpiVersionOf(ep: BenchEndpoint, launcher: string): Promise<string | undefined> {
  const v = await run(ep, [launcher, '--version'], { timeoutMs: limitOn(ep, 30_000) }).catch(() => undefined);
  if (!v) return undefined;
  return `${v.stdout}\n${v.stderr}`
    .split('\n')
    .find((l) => /version|Version:|Open MPI|OpenRTE/.test(l))
    ?.trim();
}

/** Refuses a wrapped run whose image carries another MPI version than the host's launcher (the ranks would be
 * linked against a library that does not speak to the host's daemon). `guest`: the endpoint inside the image. */
export async function assertImageMpi(guest: BenchEndpoint, impl: MpiImpl, hostVersion: string | undefined): Promise<void> {
  const inside = await launcherOn(guest, impl).catch(() => undefined);
  const version = inside ? await mpiVersionOf(guest, inside.launcher) : undefined;
  const name = impl === 'openmpi' ? 'Open MPI' : 'MPICH';
  if (!version)
    throw new RunnerError(
      'refused',
      `${guest.name}: the image has no ${name} launcher to compare with the host's (${hostVersion ?? 'unknown version'}): install ${name} in the image`,
    );
  if (version !== hostVersion)
    throw new RunnerError(
      'refused',
      `${guest.name}: the image's MPI (${version}) is not the host's (${hostVersion ?? 'unknown'}): ranks started by the host's launcher need the same ${name} version inside the image`,
    );
}
