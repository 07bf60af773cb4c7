import { describe, expect, it } from 'vitest';
import { HostRecord } from '../../../../main/contract/hosts.ts';
import { technologyVerdict } from '../../../../main/core/handlers/technology-check.ts';
import type { HostFacts } from '../../../../main/facts/types.ts';

const facts = (virtualization: HostFacts['virtualization']): HostFacts => ({
  hostname: 'x',
  os: { id: 'debian', versionId: '12', prettyName: 'Debian 12' },
  kernel: '6.1',
  arch: 'x86_64',
  cpu: { model: null, sockets: 1, coresPerSocket: 2, threadsPerCore: 1, logicalCpus: 2 },
  memoryBytes: 1 << 30,
  numaNodes: 1,
  virtualization,
  packageManager: 'apt',
  compilers: { gcc: null, gfortran: null },
  mpi: { implementation: null, version: null, alsoInstalled: [] },
});
const host = HostRecord.parse({ name: 'vl-h01', address: '10.213.0.11', user: 'root', auth: { kind: 'agent' } });
const guest = HostRecord.parse({ name: 'vl-h01-g', address: '10.213.1.2', user: 'root', auth: { kind: 'agent' }, guestOf: 'vl-h01', technology: 'namespace' });
// What the lab's endpoints report (machine: a KVM guest running the lab inside a docker container).
const labHost = facts({ kind: 'container', vm: 'kvm', container: 'docker', evidence: [] });
const labGuest = facts({ kind: 'container', vm: 'kvm', container: 'container-other', evidence: [] });

describe('declared vs detected virtualization', () => {
  it('flags a "bare metal" host that is itself a container', () => {
    const v = technologyVerdict(host, undefined, labHost);
    expect(v).toMatchObject({ declared: 'native', status: 'contradicts', detected: 'container docker in VM kvm' });
    expect(v.message).toMatch(/docker container/);
  });

  it('agrees with an OS-level guest in a container', () => {
    expect(technologyVerdict(guest, undefined, labGuest)).toMatchObject({ declared: 'os-level', status: 'agrees' });
  });

  it('takes the platform declaration first, product included', () => {
    const v = technologyVerdict(guest, { name: 'docker', technology: 'os-level', product: 'Docker' }, labGuest);
    expect(v).toMatchObject({ declaredBy: 'platform docker (Docker)', status: 'contradicts' });
  });

  it('says unknown without facts or without a clear kind', () => {
    expect(technologyVerdict(host, undefined, undefined)).toMatchObject({ status: 'unknown', detected: null });
    const xen = HostRecord.parse({ ...guest, technology: 'xen' });
    expect(technologyVerdict(xen, undefined, labGuest)).toMatchObject({ declared: null, status: 'unknown' });
  });
});
