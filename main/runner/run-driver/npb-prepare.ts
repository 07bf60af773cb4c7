// The foreground part of an NPB run: the user's tarball staged (uploaded/unpacked once), the run's kernel built
// for its class and variant on every endpoint that takes part, MPI keys for that endpoint set, and the command the
// detached job runs (serial/OpenMP binary, or mpirun/mpiexec with a hostfile written by the job itself).
import { npbBinaryPath, npbHostfile, npbRunArgv } from '../../benchmarks/npb/command.ts';
import { checkRankCount } from '../../benchmarks/npb/ranks.ts';
import { RunnerError } from '../errors.ts';
import { MpiKeyRing } from '../mpi/key-ring.ts';
import { detectMpiImpl } from '../mpi/detect.ts';
import { mpiLaunch, netOf } from '../mpi/launch.ts';
import { assertImageMpi, launcherOn, mpiVersionOf, rankSide, withRankPrefix } from '../mpi/rank-side.ts';
import { buildKernel, chooseTree, configureTree, isolateMpiTree, type TreeChoice } from '../npb/build.ts';
import { stageNpbSource, type NpbSource, type StagedNpb } from '../npb/source.ts';
import { assertMpiToolchain, probeToolchain, type EndpointToolchain, type MpiImpl } from '../npb/toolchain.ts';
import { remoteHome, type BenchEndpoint } from '../remote.ts';
import type { NpbSpec } from '../../benchmarks/npb/spec.ts';

export interface NpbCommand {
  argv: string[];
  env?: Record<string, string>;
  /** Hostfile the job writes before launching: [absolute path, content]. */
  hostfile?: [string, string];
  /** What was used, for the run's log. */
  notes: string[];
  /** NPB version, tree and source checksum; the Fortran compiler (and MPI) that built it. */
  benchmarkVersion: string;
  compilerVersion?: string;
  /** The command starts the ranks itself through the backend's launch (srun inside a batch job). */
  launchesRanks?: boolean;
}

/** Memoized per driver: staging, builds and key installs are done once per endpoint (or endpoint set). */
export class NpbPreparer {
  private readonly staged = new Map<string, Promise<StagedNpb>>();
  private readonly built = new Map<string, Promise<string>>();
  private readonly isolated = new Map<string, Promise<StagedNpb>>();
  private readonly impls = new Map<string, Promise<MpiImpl>>();

  private readonly keyRing: MpiKeyRing;

  /** `keys`: the driver's key ring (shared with its 'mpi' capability), or an SSH port lookup to make one. */
  constructor(
    private readonly source: NpbSource | undefined,
    keys: MpiKeyRing | ((ep: BenchEndpoint) => number),
  ) {
    this.keyRing = keys instanceof MpiKeyRing ? keys : new MpiKeyRing(keys);
  }

  private memo<T>(map: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
    let p = map.get(key);
    if (!p) {
      p = make();
      map.set(key, p);
      p.catch(() => map.delete(key)); // a failure is retried by the next run
    }
    return p;
  }

  private async prepareOne(
    ep: BenchEndpoint,
    spec: NpbSpec,
    mpi: MpiImpl,
    say: (m: string) => void,
  ): Promise<{ ep: BenchEndpoint; staged: StagedNpb; tc: EndpointToolchain; choice: TreeChoice; binary: string }> {
    const source = this.source!;
    const unpacked = await this.memo(this.staged, `${ep.name}`, () => stageNpbSource(ep, source, say));
    const tc = await probeToolchain(ep, mpi);
    const choice = chooseTree(unpacked.trees, spec.variant, spec.version);
    let staged = unpacked;
    if (spec.variant === 'mpi') {
      assertMpiToolchain(tc);
      // Built once per MPI implementation in a tree of its own: an Open MPI job never runs an MPICH binary.
      staged = await this.memo(this.isolated, [ep.name, unpacked.dir, choice.tree, mpi].join('|'), () => isolateMpiTree(ep, unpacked, choice, mpi));
    }
    const binary = await this.memo(this.built, [ep.name, staged.root, choice.tree, spec.kernel, spec.class].join('|'), async () => {
      await configureTree(ep, staged, choice, tc, spec.class);
      say(`building ${spec.kernel}.${spec.class} in ${choice.tree} on ${ep.name}`);
      return (await buildKernel(ep, staged, choice, spec.kernel, spec.class)).binary;
    });
    return { ep, staged, tc, choice, binary };
  }

  /** Stages, builds and (MPI) installs keys; returns the command for the detached job on endpoints[0]. `launch`: the
   *  execution backend starts the ranks itself (srun inside its job): no keys or hostfile, the binary after its argv. */
  async prepare(
    endpoints: readonly BenchEndpoint[],
    spec: NpbSpec,
    runFolder: (home: string) => string,
    say: (m: string) => void,
    backendLaunch?: (nodes: number, ranksPerNode: number) => string[],
  ): Promise<NpbCommand> {
    if (!this.source)
      throw new RunnerError('input', 'no NPB source tarball is configured for this campaign (give --npb-source when starting it, or set VIRTLAB_NPB_SOURCE)');
    if (endpoints.length < spec.nodes)
      throw new RunnerError('refused', `an MPI run on ${spec.nodes} nodes needs ${spec.nodes} endpoints; it holds ${endpoints.length}`);
    const used = endpoints.slice(0, spec.nodes);
    // A run that names no MPI takes what `mpirun --version` reports on its first endpoint.
    const mpi: MpiImpl =
      spec.variant !== 'mpi'
        ? (spec.mpi ?? 'openmpi')
        : (spec.mpi ?? (await this.memo(this.impls, used[0]!.name, () => detectMpiImpl(rankSide(used).launchers[0]!))));
    const prepared = await Promise.all(used.map((ep) => this.prepareOne(ep, spec, mpi, say)));
    const head = prepared[0]!;
    if (new Set(prepared.map((x) => x.staged.root)).size > 1) {
      throw new RunnerError('refused', "MPI needs the NPB binaries at the same path on every endpoint; the endpoints' home folders differ");
    }
    const notes = [
      `tree ${head.choice.tree}`,
      `sha256 ${head.staged.sha256.slice(0, 16)}`,
      ...(head.choice.serialFrom ? [`serial from ${head.choice.serialFrom}`] : []),
      ...(head.tc.gfortranVersion ? [`gfortran ${head.tc.gfortranVersion}`] : []),
    ];
    const runP = { version: head.choice.version, variant: head.choice.buildVariant, class: spec.class, sourceDir: head.staged.root };
    const benchmarkVersion = `NPB ${head.choice.version} ${head.choice.tree} (source sha256 ${head.staged.sha256.slice(0, 16)})`;
    const compiler = head.tc.gfortranVersion ? { compilerVersion: `gfortran ${head.tc.gfortranVersion}` } : {};
    if (spec.variant !== 'mpi') {
      const argv = npbRunArgv({ ...runP, threads: spec.threads }, spec.kernel);
      // An OpenMP binary always gets its thread count (1 when it stands in for serial).
      const threads = spec.variant === 'serial' ? 1 : spec.threads;
      const bare = argv[0] === 'env' ? argv.slice(2) : argv;
      return head.choice.buildVariant === 'openmp'
        ? { argv: bare, env: { OMP_NUM_THREADS: String(threads) }, notes, benchmarkVersion, ...compiler }
        : { argv: bare, notes, benchmarkVersion, ...compiler };
    }

    const perNodeRanks = spec.ranks / spec.nodes;
    // On a platform whose ranks its hosts start (a container runtime), the launcher, keys and hostfile are the hosts'.
    const side = rankSide(used);
    if (side.network) notes.push(`ranks started by the hosts' launcher through the platform's runtime, on ${side.network}: ${side.prefix.join(' ')}`);
    if (backendLaunch) {
      const bin = npbBinaryPath(runP, spec.kernel, checkRankCount(spec.kernel, spec.ranks));
      const argv = withRankPrefix([...backendLaunch(spec.nodes, perNodeRanks), bin], side);
      notes.push(`ranks started by the execution backend: ${backendLaunch(spec.nodes, perNodeRanks).join(' ')}`);
      return { argv, notes, benchmarkVersion, ...compiler, launchesRanks: true };
    }
    const launchHead = side.launchers[0]!;
    const launcherTc = side.prefix.length ? await launcherOn(launchHead, mpi) : undefined;
    const keys = await this.keyRing.forNodes(side.launchers, say);
    const launcherBin = launcherTc?.launcher ?? (mpi === 'openmpi' ? head.tc.mpirun : head.tc.mpiexec);
    if (!launcherBin) throw new RunnerError('refused', `${head.ep.name} has no ${mpi === 'openmpi' ? 'mpirun (Open MPI)' : 'mpiexec (MPICH)'}`);
    const mpiVersion = await mpiVersionOf(launchHead, launcherBin);
    if (side.prefix.length) await Promise.all(used.map((ep) => assertImageMpi(ep, mpi, mpiVersion)));
    // Every node's own subnet: guests each sit in a subnet of their own, and a rank picks the interface in one of them.
    const found = await Promise.all(side.launchers.map((ep) => netOf(ep, ep.address)));
    const all = found.every((x) => x !== undefined);
    const subnet = all ? [...new Set(found.map((x) => x!.subnet))].join(',') : undefined;
    const ifaces = all ? found.map((x) => x!.iface) : undefined;
    // The job (the launcher) runs on launchHead: its run folder holds the hostfile.
    const home = await remoteHome(launchHead);
    const hostfile = `${runFolder(home)}/hostfile`;
    const perNode = spec.ranks / spec.nodes;
    let hostText = npbHostfile(
      mpi,
      side.launchers.map((e) => e.address),
    );
    if (perNode > 1) hostText = hostText.replaceAll(' slots=1', ` slots=${perNode}`).replace(/:1$/gm, `:${perNode}`);
    const launch = mpiLaunch({
      impl: mpi,
      launcher: launcherBin,
      hostfile,
      sshWrapper: keys?.wrapper.get(launchHead.name) ?? 'ssh',
      isRoot: launcherTc?.isRoot ?? head.tc.isRoot,
      ...(subnet ? { subnet } : {}),
      oversubscribed: perNode > (launcherTc?.cores ?? head.tc.cores),
      ...(ifaces ? { ifaces } : {}),
    });
    let argv = npbRunArgv({ ...runP, threads: 1 }, spec.kernel, spec.ranks, launch);
    if (perNode > 1) argv = argv.map((a, i) => (a === 'ppr:1:node' ? `ppr:${perNode}:node` : a === '1' && argv[i - 1] === '-ppn' ? String(perNode) : a));
    argv = withRankPrefix(argv, side);
    notes.push(`mpi ${mpi}${spec.mpi ? '' : ` (mpirun --version on ${launchHead.name})`}`);
    if (mpiVersion) notes.push(side.prefix.length ? `${mpiVersion} (the same inside the image)` : mpiVersion);
    const compilerVersion = [compiler.compilerVersion, mpiVersion].filter(Boolean).join('; ');
    return { argv, hostfile: [hostfile, hostText], notes, benchmarkVersion, ...(compilerVersion ? { compilerVersion } : {}) };
  }
}
