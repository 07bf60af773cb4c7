// What a facts probe learns about one endpoint.

export interface CpuFacts {
  model: string | null;
  sockets: number | null;
  coresPerSocket: number | null;
  threadsPerCore: number | null;
  /** Logical CPUs online. */
  logicalCpus: number | null;
}

export interface VirtualizationFacts {
  /** The innermost layer: a container if there is one, else a VM, else none. */
  kind: 'none' | 'vm' | 'container';
  /** e.g. kvm, vmware, xen, microsoft, oracle, qemu; null when no hypervisor was seen. */
  vm: string | null;
  /** e.g. docker, podman, lxc, apptainer, container-other; null when not in a container. */
  container: string | null;
  /** Which signals said so, for the UI and for debugging a wrong call. */
  evidence: string[];
}

export type MpiImplementation = 'Open MPI' | 'MPICH' | 'Intel MPI' | 'MVAPICH' | 'other';

export interface HostFacts {
  hostname: string | null;
  os: { id: string | null; versionId: string | null; prettyName: string | null };
  kernel: string | null;
  arch: string | null;
  cpu: CpuFacts;
  memoryBytes: number | null;
  numaNodes: number | null;
  virtualization: VirtualizationFacts;
  packageManager: string | null;
  compilers: { gcc: string | null; gfortran: string | null };
  /** What `mpirun --version` reports (the MPI a plain `mpirun` runs), plus other MPIs found installed. */
  mpi: { implementation: MpiImplementation | null; version: string | null; alsoInstalled: MpiImplementation[] };
}

// The contract's schema describes the same shape for the UI; this line fails to compile if the two drift apart.
import type { HostFactsData } from '../contract/facts.ts';
export type _FactsMatchContract = [HostFacts extends HostFactsData ? true : never, HostFactsData extends HostFacts ? true : never];
