// What a facts probe learned about one endpoint, and the procedures that take and read those snapshots.
import { z } from 'zod';
import { HostName } from './hosts.ts';
import { procedure } from './procedure.ts';

const n = z.number().nullable();
const s = z.string().nullable();
const Mpi = z.enum(['Open MPI', 'MPICH', 'Intel MPI', 'MVAPICH', 'other']);

export const HostFactsSchema = z.object({
  hostname: s,
  os: z.object({ id: s, versionId: s, prettyName: s }),
  kernel: s,
  arch: s,
  cpu: z.object({ model: s, sockets: n, coresPerSocket: n, threadsPerCore: n, logicalCpus: n }),
  memoryBytes: n,
  numaNodes: n,
  virtualization: z.object({ kind: z.enum(['none', 'vm', 'container']), vm: s, container: s, evidence: z.array(z.string()) }),
  packageManager: s,
  compilers: z.object({ gcc: s, gfortran: s }),
  mpi: z.object({ implementation: Mpi.nullable(), version: s, alsoInstalled: z.array(Mpi) }),
});
export type HostFactsData = z.infer<typeof HostFactsSchema>;

export const FactsSnapshotResult = z.object({
  name: HostName,
  ok: z.boolean(),
  /** Epoch ms of the snapshot. */
  takenAt: z.number().optional(),
  snapshotId: z.number().int().optional(),
  facts: HostFactsSchema.optional(),
  error: z.string().optional(),
});

export const factsProcedures = {
  'facts.probe': procedure(
    z.object({ selector: z.string() }).strict(),
    z.array(FactsSnapshotResult),
    'Probe the selected hosts (OS, kernel, CPU, memory, NUMA, virtualization, compilers, MPI) and store a snapshot.',
  ),
  'facts.latest': procedure(
    z.object({ selector: z.string().optional() }).strict(),
    z.array(FactsSnapshotResult),
    'The latest stored facts of each selected host, without contacting it.',
  ),
};
