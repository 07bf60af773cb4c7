// NPB end to end on a platform's endpoints: refuse impossible rank counts before touching anything, stage the
// user's tarball and build the kernels on every endpoint that takes part, then run serial, OpenMP or MPI
// (one rank a node over N endpoints, passwordless SSH set up by the app) and parse each report.
import { npbHostfile, npbRunArgv } from '../../benchmarks/npb/command.ts';
import type { NpbKernel } from '../../benchmarks/npb/kernels.ts';
import { npbParamsSchema } from '../../benchmarks/npb/params.ts';
import { parseNpb } from '../../benchmarks/npb/parse.ts';
import { checkRankCount } from '../../benchmarks/npb/ranks.ts';
import { RunnerError } from '../errors.ts';
import { installMpiKeys, type MpiKeys } from '../mpi/keys.ts';
import { detectMpiImpl } from '../mpi/detect.ts';
import { mpiLaunch, netOf, srunArgv, writeHostfile } from '../mpi/launch.ts';
import { commandFailure, recordedRun } from '../record.ts';
import { limitOn } from '../endpoint-limits.ts';
import { run, type BenchEndpoint } from '../remote.ts';
import { ResultBuilder, type BenchRunResult, type Progress } from '../result.ts';
import { buildKernel, chooseTree, configureTree, isolateMpiTree, type TreeChoice } from './build.ts';
import { stageNpbSource, type NpbSource, type StagedNpb } from './source.ts';
import { assertMpiToolchain, probeToolchain, type EndpointToolchain } from './toolchain.ts';

export interface NpbRunOptions {
  /** The platform's endpoints in rank order (serial/OpenMP use the first). */
  endpoints: readonly BenchEndpoint[];
  source: NpbSource;
  /** Catalog parameters (kernels, class, variant, threads, nodeCounts, mpi, version); sourceDir is the runner's.
   * Without `mpi`, an MPI run uses whatever `mpirun --version` reports on the first endpoint. */
  params?: Record<string, unknown>;
  /** Name of the key pair for passwordless SSH between the endpoints (one a platform). */
  mpiKeyId?: string;
  /** sshd port of each endpoint as the others reach it (default 22). */
  sshPort?: (ep: BenchEndpoint) => number;
  /** 'slurm' uses srun inside an allocation when `sinfo` works on the first endpoint. */
  launcher?: 'mpi' | 'slurm';
  signal?: AbortSignal;
  progress?: Progress;
}

interface Prepared {
  ep: BenchEndpoint;
  staged: StagedNpb;
  tc: EndpointToolchain;
  choice: TreeChoice;
  binaries: Map<NpbKernel, string>;
}

/** The rank-count rule for every kernel and node count, checked before anything runs. */
export function refuseBadRankCounts(kernels: readonly NpbKernel[], nodeCounts: readonly number[], available: number): void {
  for (const n of nodeCounts) {
    if (n > available) throw new RunnerError('refused', `an MPI run on ${n} nodes needs ${n} endpoints; the platform has ${available}`);
    for (const k of kernels) {
      try {
        checkRankCount(k, n);
      } catch (e) {
        throw new RunnerError('refused', (e as Error).message);
      }
    }
  }
}

export async function runNpb(o: NpbRunOptions): Promise<BenchRunResult> {
  const raw = o.params ?? {};
  const say = o.progress ?? (() => {});
  const rb = new ResultBuilder('npb', [...o.endpoints], raw);
  // Rank counts first: a BT on 3 nodes is refused before any connection is made.
  const kernelsRaw = Array.isArray(raw.kernels) ? (raw.kernels as NpbKernel[]) : undefined;
  if (raw.variant === 'mpi' && kernelsRaw && Array.isArray(raw.nodeCounts)) {
    try {
      refuseBadRankCounts(kernelsRaw, raw.nodeCounts as number[], o.endpoints.length);
    } catch (e) {
      rb.error = (e as Error).message;
      return rb.finish();
    }
  }
  const parsed = npbParamsSchema.safeParse({ nodeCounts: [1], ...raw, sourceDir: '/' });
  if (!parsed.success) {
    rb.error = `invalid NPB parameters: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
    return rb.finish();
  }
  const p = parsed.data;
  if (p.variant === 'mpi') {
    try {
      refuseBadRankCounts(p.kernels, p.nodeCounts, o.endpoints.length);
    } catch (e) {
      rb.error = (e as Error).message;
      return rb.finish();
    }
  }
  if (o.endpoints.length === 0) {
    rb.error = 'no endpoint to run on';
    return rb.finish();
  }
  const used = p.variant === 'mpi' ? o.endpoints.slice(0, Math.max(...p.nodeCounts)) : o.endpoints.slice(0, 1);

  try {
    if (p.variant === 'mpi') {
      // The catalog's schema defaults to Open MPI; a run that names none takes the endpoint's own mpirun.
      if (raw.mpi === undefined) p.mpi = await rb.step('mpi implementation', () => detectMpiImpl(used[0]!));
      rb.info.mpi = p.mpi;
      rb.info.mpiFrom = raw.mpi === undefined ? `mpirun --version on ${used[0]!.name}` : 'parameters';
    }
    const prepared = await rb.step('stage and build', () => Promise.all(used.map((ep) => prepare(ep, o, p, rb, say))));
    const head = prepared[0]!;
    rb.info.sha256 = head.staged.sha256;
    rb.info.tree = head.choice.tree;
    if (head.choice.serialFrom) rb.info.serialFrom = head.choice.serialFrom;
    if (head.tc.gfortranVersion) rb.versions.gfortran = head.tc.gfortranVersion;
    rb.versions.npb = `${head.choice.tree} sha256:${head.staged.sha256.slice(0, 16)}`;
    if (new Set(prepared.map((x) => x.staged.root)).size > 1) {
      throw new RunnerError('refused', "MPI needs the NPB binaries at the same path on every endpoint; the endpoints' home folders differ");
    }
    const runP = { version: head.choice.version, variant: head.choice.buildVariant, class: p.class, sourceDir: head.staged.root };

    if (p.variant !== 'mpi') {
      const threads = p.variant === 'serial' ? 1 : typeof raw.threads === 'number' ? p.threads : head.tc.cores;
      rb.info.threads = threads;
      for (const k of p.kernels) {
        const argv = npbRunArgv({ ...runP, threads }, k);
        // A -SER binary needs no thread count; an OMP binary always gets one (1 for serial-via-OMP).
        const finalArgv = head.choice.buildVariant === 'openmp' && argv[0] !== 'env' ? ['env', `OMP_NUM_THREADS=${threads}`, ...argv] : argv;
        say(`running ${k}.${p.class} (${p.variant}${p.variant === 'openmp' ? `, ${threads} threads` : ''}) on ${head.ep.name}`);
        await runAndParse(rb, head.ep, `npb ${k}.${p.class} ${p.variant}`, finalArgv, { kernel: k, class: p.class, variant: p.variant, nodes: 1 }, o.signal);
      }
    } else {
      const keyId = o.mpiKeyId ?? `npb-${head.staged.sha256.slice(0, 12)}`;
      const peers = used.map((ep) => ({ endpoint: ep, port: o.sshPort?.(ep) ?? 22 }));
      let keys: MpiKeys | undefined;
      if (used.length > 1 || p.nodeCounts.some((n) => n > 1)) {
        say(`setting up passwordless SSH between ${used.length} endpoints`);
        keys = await rb.step('mpi keys', () => installMpiKeys(keyId, peers));
      }
      const nets = await Promise.all(used.map((ep) => netOf(ep, ep.address)));
      const subnet = nets[0]?.subnet;
      if (subnet) rb.info.subnet = subnet;
      const ifaces = nets.every((x) => x !== undefined) ? nets.map((x) => x!.iface) : undefined;
      const launcherBin = p.mpi === 'openmpi' ? head.tc.mpirun : head.tc.mpiexec;
      if (!launcherBin) throw new RunnerError('refused', `${head.ep.name} has no ${p.mpi === 'openmpi' ? 'mpirun (Open MPI)' : 'mpiexec (MPICH)'}`);
      const mv = await run(head.ep, [launcherBin, '--version'], { timeoutMs: limitOn(head.ep, 30_000) });
      const mpiVersion = `${mv.stdout}\n${mv.stderr}`
        .split('\n')
        .find((l) => /version|Version:|Open MPI|OpenRTE/.test(l))
        ?.trim();
      // Hydra says only "Version: 4.0.2": name the implementation too.
      if (mpiVersion) rb.versions.mpi = p.mpi === 'mpich' && !/MPICH/i.test(mpiVersion) ? `MPICH ${mpiVersion.replace(/\s+/g, ' ')}` : mpiVersion;
      for (const n of p.nodeCounts) {
        const nodes = used.slice(0, n);
        const hostfile = `${head.staged.dir}/hostfile-${p.mpi}-${n}`;
        await writeHostfile(
          head.ep,
          hostfile,
          npbHostfile(
            p.mpi,
            nodes.map((e) => e.address),
          ),
        );
        const launch = mpiLaunch({
          impl: p.mpi,
          launcher: launcherBin,
          hostfile,
          sshWrapper: keys?.wrapper.get(head.ep.name) ?? 'ssh',
          isRoot: head.tc.isRoot,
          ...(subnet ? { subnet } : {}),
          oversubscribed: n > head.tc.cores,
          ...(ifaces ? { ifaces: ifaces.slice(0, n) } : {}),
        });
        for (const k of p.kernels) {
          // The one-off `bench run npb --launcher slurm` (srun in an allocation the user holds), not a campaign backend.
          // eslint-disable-next-line no-restricted-syntax
          const useSlurm = o.launcher === 'slurm' && head.tc.slurm;
          const argv = useSlurm ? srunArgv(n, npbRunArgv({ ...runP, threads: 1 }, k, n, launch).at(-1)!) : npbRunArgv({ ...runP, threads: 1 }, k, n, launch);
          say(`running ${k}.${p.class} MPI on ${n} node${n === 1 ? '' : 's'} (${p.mpi}${useSlurm ? ', srun' : ''})`);
          await runAndParse(rb, head.ep, `npb ${k}.${p.class} mpi x${n}`, argv, { kernel: k, class: p.class, variant: 'mpi', nodes: n }, o.signal);
        }
      }
    }
  } catch (e) {
    rb.error = (e as Error).message;
    const first = (e as RunnerError).detail?.firstError;
    if (first) rb.info.firstCompilerError = first;
  }
  return rb.finish();
}

async function prepare(ep: BenchEndpoint, o: NpbRunOptions, p: ReturnType<typeof npbParamsSchema.parse>, rb: ResultBuilder, say: Progress): Promise<Prepared> {
  const unpacked = await stageNpbSource(ep, o.source, say);
  const tc = await probeToolchain(ep, p.mpi);
  const choice = chooseTree(unpacked.trees, p.variant, p.version);
  if (p.variant === 'mpi') assertMpiToolchain(tc);
  const staged = p.variant === 'mpi' ? await isolateMpiTree(ep, unpacked, choice, p.mpi) : unpacked;
  const def = await configureTree(ep, staged, choice, tc, p.class);
  rb.info.makeDefNotes = def.notes.join('; ');
  const binaries = new Map<NpbKernel, string>();
  for (const k of p.kernels) {
    say(`building ${k}.${p.class} in ${choice.tree} on ${ep.name}`);
    try {
      const built = await buildKernel(ep, staged, choice, k, p.class);
      rb.commands.push(built.record);
      binaries.set(k, built.binary);
    } catch (e) {
      const rec = (e as { record?: BenchRunResult['commands'][number] }).record;
      if (rec) rb.commands.push(rec);
      throw e;
    }
  }
  return { ep, staged, tc, choice, binaries };
}

async function runAndParse(
  rb: ResultBuilder,
  ep: BenchEndpoint,
  label: string,
  argv: string[],
  point: Record<string, string | number>,
  signal?: AbortSignal,
): Promise<void> {
  const rec = await rb.step(label, () => recordedRun(rb, ep, label, argv, { timeoutMs: 6 * 60 * 60_000, point, ...(signal ? { signal } : {}) }));
  try {
    const out = parseNpb(rec.stdout);
    rb.metrics.push(...out.metrics.map((m) => ({ ...m, point: { ...m.point, nodes: point.nodes!, variant: point.variant! } })));
    rb.warnings.push(...out.warnings);
    if (out.verified !== undefined) rb.verified = (rb.verified ?? true) && out.verified;
  } catch (e) {
    rec.parseError = (e as Error).message;
  }
  const failure = commandFailure(rec);
  if (failure) throw new RunnerError('remote', failure);
}
