// The backend's 'mpi' capability, for any module whose run is N ranks over N nodes: the MPI implementation
// (named, or what `mpirun --version` says), passwordless SSH between the nodes (one key pair per node set), a
// hostfile and the launcher prefix (`mpirun -np N --hostfile F ...`) pinned to the nodes' subnets. The module puts
// its own command after the prefix.
import type { MpiPrefix } from '../../benchmarks/module.ts';
import { npbHostfile } from '../../benchmarks/npb/command.ts';
import { RunnerError } from '../errors.ts';
import { detectMpiImpl } from '../mpi/detect.ts';
import type { MpiKeyRing } from '../mpi/key-ring.ts';
import { mpiLaunch, netOf } from '../mpi/launch.ts';
import type { MpiImpl } from '../npb/toolchain.ts';
import { mustRun, shArgv, type BenchEndpoint } from '../remote.ts';

// Launcher paths, cores and whether we are root, in one round trip.
const PROBE = 'echo "mpirun=$(command -v mpirun)"; echo "mpiexec=$(command -v mpiexec)"; echo "nproc=$(nproc)"; echo "uid=$(id -u)"';

export interface MpiRequest {
  nodes: number;
  ranks: number;
  impl?: MpiImpl;
}

export class MpiPreparer {
  private readonly impls = new Map<string, Promise<MpiImpl>>();

  constructor(private readonly keyRing: MpiKeyRing) {}

  private memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let p = map.get(key);
    if (!p) {
      p = make();
      map.set(key, p);
      p.catch(() => map.delete(key));
    }
    return p;
  }

  /** The launcher prefix for `req` on the first `req.nodes` endpoints, the hostfile inside `runFolder`. */
  async prepare(endpoints: readonly BenchEndpoint[], req: MpiRequest, runFolder: string, say: (m: string) => void): Promise<MpiPrefix & { version?: string }> {
    if (endpoints.length < req.nodes)
      throw new RunnerError('refused', `an MPI run on ${req.nodes} nodes needs ${req.nodes} endpoints; it holds ${endpoints.length}`);
    if (req.ranks % req.nodes !== 0) throw new RunnerError('refused', `${req.ranks} ranks cannot be spread evenly over ${req.nodes} nodes`);
    const used = endpoints.slice(0, req.nodes);
    const head = used[0]!;
    const impl = req.impl ?? (await this.memo(this.impls, head.name, () => detectMpiImpl(head)));
    const kv = new Map((await mustRun(head, shArgv(PROBE), 'finding the MPI launcher')).stdout.split('\n').map((l) => l.split('=') as [string, string]));
    const launcher = impl === 'openmpi' ? kv.get('mpirun') : kv.get('mpiexec');
    if (!launcher) throw new RunnerError('refused', `${head.name} has no ${impl === 'openmpi' ? 'mpirun (Open MPI)' : 'mpiexec (MPICH)'}`);
    const keys = await this.keyRing.forNodes(used, say);
    const found = await Promise.all(used.map((ep) => netOf(ep, ep.address)));
    const all = found.every((x) => x !== undefined);
    const perNode = req.ranks / req.nodes;
    const hostfile = `${runFolder}/hostfile`;
    let hostText = npbHostfile(
      impl,
      used.map((e) => e.address),
    );
    if (perNode > 1) hostText = hostText.replaceAll(' slots=1', ` slots=${perNode}`).replace(/:1$/gm, `:${perNode}`);
    const launch = mpiLaunch({
      impl,
      launcher,
      hostfile,
      sshWrapper: keys?.wrapper.get(head.name) ?? 'ssh',
      isRoot: kv.get('uid') === '0',
      ...(all ? { subnet: [...new Set(found.map((x) => x!.subnet))].join(','), ifaces: found.map((x) => x!.iface) } : {}),
      oversubscribed: perNode > Number(kv.get('nproc') || 1),
    });
    const n = String(req.ranks);
    const argv =
      impl === 'openmpi'
        ? [
            launcher,
            '-np',
            n,
            '--hostfile',
            hostfile,
            '--map-by',
            `ppr:${perNode}:node`,
            '--bind-to',
            'none',
            ...(launch.allowRunAsRoot ? ['--allow-run-as-root'] : []),
            ...(launch.extraArgs ?? []),
          ]
        : [launcher, '-n', n, '-f', hostfile, '-ppn', String(perNode), ...(launch.extraArgs ?? [])];
    const v = await mustRun(head, [launcher, '--version'], 'reading the MPI version').catch(() => undefined);
    const version = v
      ? `${v.stdout}\n${v.stderr}`
          .split('\n')
          .find((l) => /version|Version:|Open MPI|OpenRTE/.test(l))
          ?.trim()
      : undefined;
    return { argv, hostfile: [hostfile, hostText], impl, ...(version ? { version } : {}) };
  }
}
