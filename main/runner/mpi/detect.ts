// Which MPI an endpoint's plain `mpirun` is (the default when a run names none): Open MPI prints
// "mpirun (Open MPI) 4.1.4"; MPICH's Hydra prints "HYDRA build details: ... Version: 4.0.2".
import { RunnerError } from '../errors.ts';
import { limitOn } from '../endpoint-limits.ts';
import { run, shArgv, type BenchEndpoint } from '../remote.ts';
import type { MpiImpl } from '../npb/toolchain.ts';

export function mpiImplOf(versionText: string): MpiImpl | undefined {
  if (/Open MPI|OpenRTE/.test(versionText)) return 'openmpi';
  if (/HYDRA|MPICH/.test(versionText)) return 'mpich';
  return undefined;
}

// mpirun first (what the user gets by default), mpiexec when there is no mpirun.
const VERSION = 'for c in mpirun mpiexec; do if command -v "$c" >/dev/null 2>&1; then "$c" --version 2>&1; exit 0; fi; done; exit 127';

export async function detectMpiImpl(ep: BenchEndpoint): Promise<MpiImpl> {
  const r = await run(ep, shArgv(VERSION), { timeoutMs: limitOn(ep, 30_000) });
  if (r.code === 127)
    throw new RunnerError('refused', `${ep.name} has no mpirun or mpiexec: install Open MPI or MPICH, or name one in the run's 'mpi' parameter`);
  const impl = mpiImplOf(r.stdout);
  if (!impl)
    throw new RunnerError(
      'refused',
      `cannot tell which MPI ${ep.name}'s mpirun is (${r.stdout.trim().split('\n')[0] ?? 'no output'}): name 'openmpi' or 'mpich' in the run's 'mpi' parameter`,
    );
  return impl;
}
