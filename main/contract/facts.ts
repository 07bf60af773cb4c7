// What an endpoint is (OS, CPU, memory, detected virtualization) and whether that agrees with what the lab declares.
import { z } from 'zod';
import { procedure } from './procedure.ts';
import { HostName } from './hosts.ts';
import { TechnologyId } from './scenarios.ts';

const nstr = z.string().nullable();
const nnum = z.number().nullable();

export const HostFactsSchema = z.object({
  hostname: nstr,
  os: z.object({ id: nstr, versionId: nstr, prettyName: nstr }),
  kernel: nstr,
  arch: nstr,
  cpu: z.object({ model: nstr, sockets: nnum, coresPerSocket: nnum, threadsPerCore: nnum, logicalCpus: nnum }),
  memoryBytes: nnum,
  numaNodes: nnum,
  virtualization: z.object({ kind: z.enum(['none', 'vm', 'container']), vm: nstr, container: nstr, evidence: z.array(z.string()) }),
  packageManager: nstr,
  compilers: z.object({ gcc: nstr, gfortran: nstr }),
  mpi: z.object({ implementation: nstr, version: nstr, alsoInstalled: z.array(z.string()) }),
});
export type HostFactsView = z.infer<typeof HostFactsSchema>;

export const TechnologyVerdict = z.object({
  /** What the lab says this endpoint is: its platform's technology, else native for a host / its guest kind. */
  declared: TechnologyId.nullable(),
  /** Where the declaration came from, e.g. `platform kvm` or `guest of vl-h01 (lxc)`. */
  declaredBy: z.string(),
  status: z.enum(['agrees', 'contradicts', 'unknown']),
  message: z.string(),
});
export type TechnologyVerdict = z.infer<typeof TechnologyVerdict>;

export const HostFactsResult = z.object({
  name: HostName,
  takenAt: z.string(),
  facts: HostFactsSchema,
  technology: TechnologyVerdict,
});
export type HostFactsResult = z.infer<typeof HostFactsResult>;

export const factsProcedures = {
  'hosts.facts': procedure(
    z.object({ name: HostName }).strict(),
    HostFactsResult,
    'Probe one endpoint (OS, CPU, memory, systemd-detect-virt) and compare the detected virtualization with the declared one.',
  ),
};

export const factsEvents = {};
