// The compilers and MPI wrappers an endpoint has, as the catalog's make.def generator wants them.
import type { ToolchainFacts } from '../../benchmarks/npb/makedef.ts';
import { parseGfortranMajor } from '../../benchmarks/npb/makedef.ts';
import { parseKeyValues } from '../../ssh/key-values.ts';
import { RunnerError } from '../errors.ts';
import { mustRun, shArgv, type BenchEndpoint } from '../remote.ts';

export type MpiImpl = 'openmpi' | 'mpich';

// $1 mpi flavour. Debian with both MPIs names the wrappers mpif90.openmpi / mpif90.mpich: prefer those.
const PROBE = [
  'pick() { for c in "$@"; do if command -v "$c" >/dev/null 2>&1; then echo "$c"; return; fi; done; }',
  'echo "fc=$(pick gfortran f95 gfortran-12)"',
  'echo "cc=$(pick gcc cc)"',
  'echo "mpifc=$(pick mpif90.$1 mpifort.$1 mpif90 mpifort)"',
  'echo "mpicc=$(pick mpicc.$1 mpicc)"',
  // What the Fortran wrapper compiles with (MPICH and Open MPI both accept -show), and whether mpif.h is on its -I path.
  'm=$(pick mpif90.$1 mpifort.$1 mpif90 mpifort); show=$([ -n "$m" ] && "$m" -show 2>/dev/null | head -n 1)',
  'echo "mpifc_show=$show"',
  'echo "mpifh=$(for d in $(printf "%s\\n" "$show" | tr " " "\\n" | sed -n "s/^-I//p"); do [ -f "$d/mpif.h" ] && { echo yes; break; }; done)"',
  'echo "mpirun=$(pick mpirun.$1 mpirun)"',
  'echo "mpiexec=$(pick mpiexec.$1 mpiexec.hydra mpiexec)"',
  'echo "gfortran=$(gfortran -dumpversion 2>/dev/null)"',
  'echo "bash=$([ -x /bin/bash ] && echo yes)"',
  'echo "make=$(pick make gmake)"',
  'echo "nproc=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"',
  'echo "uid=$(id -u)"',
  'echo "sinfo=$(sinfo -h -o %P >/dev/null 2>&1 && echo yes)"',
].join('\n');

export interface EndpointToolchain {
  facts: ToolchainFacts;
  mpirun?: string;
  mpiexec?: string;
  cores: number;
  isRoot: boolean;
  /** `sinfo` answered: Slurm's srun/sbatch can launch. */
  slurm: boolean;
  gfortranVersion?: string;
  /** Why the requested MPI's wrappers cannot build an MPI binary here (another MPI's wrapper, no headers). */
  mpiProblem?: string;
}

/** Refuses an MPI build the endpoint's wrappers cannot do right. */
export function assertMpiToolchain(tc: EndpointToolchain): void {
  if (tc.mpiProblem) throw new RunnerError('refused', tc.mpiProblem);
}

export async function probeToolchain(ep: BenchEndpoint, mpi: MpiImpl): Promise<EndpointToolchain> {
  const kv = parseKeyValues((await mustRun(ep, shArgv(PROBE, mpi), 'probing compilers')).stdout);
  const get = (k: string) => kv.get(k) || undefined;
  const fc = get('fc');
  const cc = get('cc');
  if (!fc || !cc) throw new RunnerError('refused', `${ep.name} has no ${!fc ? 'Fortran' : 'C'} compiler (NPB needs gfortran and gcc)`);
  if (!get('make')) throw new RunnerError('refused', `${ep.name} has no make`);
  const show = get('mpifc_show');
  let mpiProblem: string | undefined;
  if (show) {
    const flavour = /mpich/.test(show) ? 'mpich' : /-lmpi\b|openmpi/.test(show) ? 'openmpi' : undefined;
    if (flavour && flavour !== mpi) {
      mpiProblem = `${ep.name}: the MPI Fortran wrapper ${get('mpifc')} builds with ${flavour === 'mpich' ? 'MPICH' : 'Open MPI'}, not the requested ${mpi === 'mpich' ? 'MPICH' : 'Open MPI'} (install its compiler wrappers, e.g. Debian's ${mpi === 'mpich' ? 'libmpich-dev' : 'libopenmpi-dev'})`;
    }
    if (flavour === 'mpich' && get('mpifh') !== 'yes') {
      mpiProblem = `${ep.name}: ${get('mpifc')} finds no mpif.h: MPICH's development files are missing (Debian: libmpich-dev)`;
    }
  }
  const gv = get('gfortran');
  const major = gv ? parseGfortranMajor(gv) : undefined;
  const facts: ToolchainFacts = {
    fc,
    cc,
    hasBash: get('bash') === 'yes',
    ...(get('mpifc') ? { mpiFc: get('mpifc')! } : {}),
    ...(get('mpicc') ? { mpiCc: get('mpicc')! } : {}),
    ...(major !== undefined ? { gfortranMajor: major } : {}),
  };
  return {
    facts,
    ...(get('mpirun') ? { mpirun: get('mpirun')! } : {}),
    ...(get('mpiexec') ? { mpiexec: get('mpiexec')! } : {}),
    cores: Math.max(1, Number(get('nproc') ?? '1') || 1),
    isRoot: get('uid') === '0',
    slurm: get('sinfo') === 'yes',
    ...(gv ? { gfortranVersion: gv } : {}),
    ...(mpiProblem ? { mpiProblem } : {}),
  };
}
