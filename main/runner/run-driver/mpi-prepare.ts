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
import { assertImageMpi, launcherOn, mpiVersionOf, rankSide } from '../mpi/rank-side.ts';
import type { BenchEndpoint } from '../remote.ts';

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
    // On a platform whose ranks its hosts start (a container runtime), the launcher, keys and hostfile are the hosts'.
    const side = rankSide(used);
    const head = side.launchers[0]!;
    const impl = req.impl ?? (await this.memo(this.impls, head.name, () => detectMpiImpl(head)));
    const { launcher, cores, isRoot } = await launcherOn(head, impl);
    const version = await mpiVersionOf(head, launcher);
    if (side.prefix.length) await Promise.all(used.map((ep) => assertImageMpi(ep, impl, version)));
    const keys = await this.keyRing.forNodes(side.launchers, say);
    const found = await Promise.all(side.launchers.map((ep) => netOf(ep, ep.address)));
    const all = found.every((x) => x !== undefined);
    const perNode = req.ranks / req.nodes;
    const hostfile = `${runFolder}/hostfile`;
    let hostText = npbHostfile(
      impl,
      side.launchers.map((e) => e.address),
    );
    if (perNode > 1) hostText = hostText.replaceAll(' slots=1', ` slots=${perNode}`).replace(/:1$/gm, `:${perNode}`);
    const launch = mpiLaunch({
      impl,
      launcher,
      hostfile,
      sshWrapper: keys?.wrapper.get(head.name) ?? 'ssh',
      isRoot,
      ...(all ? { subnet: [...new Set(found.map((x) => x!.subnet))].join(','), ifaces: found.map((x) => x!.iface) } : {}),
      oversubscribed: perNode > cores,
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
    // The module's command goes after the prefix: behind the runtime's rank prefix when the ranks run wrapped.
    return { argv: [...argv, ...side.prefix], hostfile: [hostfile, hostText], impl, ...(version ? { version } : {}) };
  }
}
