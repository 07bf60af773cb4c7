// Building NPB kernels on an endpoint: config/make.def from the endpoint's compilers (the catalog's generator),
// bin/ created if missing, `make <kernel> CLASS=<c>`, compiler output kept, the first compiler error reported.
import { npbBinaryPath, npbBuildArgv } from '../../benchmarks/npb/command.ts';
import type { NpbClass, NpbKernel, NpbVariant, NpbVersion } from '../../benchmarks/npb/kernels.ts';
import { npbMakeDef } from '../../benchmarks/npb/makedef.ts';
import { RunnerError } from '../errors.ts';
import { mustRun, run, shArgv, type BenchEndpoint } from '../remote.ts';
import type { CommandRecord } from '../result.ts';
import { firstCompilerError } from './compiler-errors.ts';
import type { StagedNpb } from './source.ts';
import type { EndpointToolchain, MpiImpl } from './toolchain.ts';

/** Which tree builds a variant: serial prefers a -SER tree, else the OpenMP tree run with one thread. */
export interface TreeChoice {
  version: NpbVersion;
  /** The variant of the tree that is built (openmp for serial-via-OMP). */
  buildVariant: NpbVariant;
  tree: string;
  /** How serial was obtained, for the record. */
  serialFrom?: 'SER' | 'OMP with OMP_NUM_THREADS=1';
}

export function chooseTree(trees: readonly string[], variant: NpbVariant, preferred: NpbVersion): TreeChoice {
  const suffix = variant === 'serial' ? 'SER' : variant === 'openmp' ? 'OMP' : 'MPI';
  const withSuffix = (s: string) =>
    trees.filter((t) => t.endsWith(`-${s}`)).sort((a, b) => (a.includes(preferred) ? -1 : b.includes(preferred) ? 1 : b.localeCompare(a)));
  const versionOf = (t: string) => /NPB(3\.\d+)/.exec(t)![1] as NpbVersion;
  const direct = withSuffix(suffix)[0];
  if (direct) return { version: versionOf(direct), buildVariant: variant, tree: direct, ...(variant === 'serial' ? { serialFrom: 'SER' as const } : {}) };
  if (variant === 'serial') {
    const omp = withSuffix('OMP')[0];
    if (omp) return { version: versionOf(omp), buildVariant: 'openmp', tree: omp, serialFrom: 'OMP with OMP_NUM_THREADS=1' };
  }
  throw new RunnerError(
    'refused',
    `the NPB tarball has no ${suffix} tree${variant === 'serial' ? ' and no OMP tree' : ''} (found: ${trees.join(', ') || 'none'})`,
  );
}

// $1 unpacked root, $2 tree, $3 build root: a private copy of the tree for one MPI implementation, once, without
// build products (objects and modules compiled against another MPI's headers must never be linked in).
const ISOLATE = [
  'set -e; src=$1; tree=$2; dst=$3',
  '[ -f "$dst/.copied-$tree" ] && exit 0',
  'tmp="$dst/.tmp-$tree-$$"; rm -rf -- "$tmp"; mkdir -p -- "$tmp"',
  'cp -a -- "$src/$tree" "$tmp/$tree"',
  'find "$tmp/$tree" -type f \\( -name "*.o" -o -name "*.mod" -o -name "npbparams.h" \\) -exec rm -f -- {} +',
  'rm -rf -- "$tmp/$tree/bin" "$tmp/$tree/config/make.def"',
  'rm -rf -- "$dst/$tree"; mv -- "$tmp/$tree" "$dst/$tree"; rmdir -- "$tmp"',
  ': > "$dst/.copied-$tree"',
].join('\n');

/** The MPI tree is built once per MPI implementation, in ~/.virtlab/npb/<sha>/build-<impl>/: Open MPI and MPICH
 * binaries never overwrite each other, and switching implementation never reuses the other's objects. */
export async function isolateMpiTree(ep: BenchEndpoint, staged: StagedNpb, choice: TreeChoice, impl: MpiImpl): Promise<StagedNpb> {
  const root = `${staged.dir}/build-${impl}`;
  await mustRun(ep, shArgv(ISOLATE, staged.root, choice.tree, root), `copying ${choice.tree} for ${impl} on ${ep.name}`, { timeoutMs: 10 * 60_000 });
  return { ...staged, root };
}

export interface BuiltKernel {
  kernel: NpbKernel;
  binary: string;
  record: CommandRecord;
}

/** Writes config/make.def and bin/ for the chosen tree; returns the make.def text and the generator's notes. */
export async function configureTree(
  ep: BenchEndpoint,
  staged: StagedNpb,
  choice: TreeChoice,
  tc: EndpointToolchain,
  cls: NpbClass,
): Promise<{ text: string; notes: string[] }> {
  const def = npbMakeDef(tc.facts, { version: choice.version, variant: choice.buildVariant, largeArrays: ['D', 'E', 'F'].includes(cls) });
  const tree = `${staged.root}/${choice.tree}`;
  // Rewrite only when it changed, so make does not rebuild everything for nothing.
  await mustRun(
    ep,
    shArgv(
      'set -e; mkdir -p -- "$1/bin"; if ! cmp -s - "$1/config/make.def" 2>/dev/null; then cat > "$1/config/make.def.tmp"; mv "$1/config/make.def.tmp" "$1/config/make.def"; fi',
      tree,
    ),
    `writing ${choice.tree}/config/make.def`,
    { stdin: def.text },
  );
  return def;
}

export async function buildKernel(ep: BenchEndpoint, staged: StagedNpb, choice: TreeChoice, kernel: NpbKernel, cls: NpbClass): Promise<BuiltKernel> {
  const p = { version: choice.version, variant: choice.buildVariant, class: cls, sourceDir: staged.root };
  const argv = npbBuildArgv(p, kernel);
  const startedAt = Date.now();
  // 2>&1 so compiler messages stay in order with make's own lines.
  const r = await run(ep, shArgv('"$@" 2>&1', ...argv), { timeoutMs: 60 * 60_000 });
  const record: CommandRecord = {
    label: `build ${kernel}.${cls} (${choice.tree})`,
    endpoint: ep.name,
    argv,
    code: r.code,
    signal: r.signal,
    stdout: r.stdout,
    stderr: r.stderr,
    startedAt,
    durationMs: r.durationMs,
    ...(r.timedOut ? { timedOut: true } : {}),
  };
  if (r.code !== 0) {
    const first = firstCompilerError(r.stdout) ?? (r.stdout.trim().split('\n').pop() || `exit ${r.code}`);
    const err = new RunnerError('build', `building NPB ${kernel} class ${cls} on ${ep.name} failed: ${first}`, {
      stdout: r.stdout,
      stderr: r.stderr,
      firstError: first,
    });
    Object.assign(err, { record });
    throw err;
  }
  const binary = npbBinaryPath(p, kernel);
  await mustRun(ep, ['test', '-x', binary], `checking ${binary}`);
  return { kernel, binary, record };
}
