// The facts parser on real probe output captured from a lab host and a lab guest, and on the fallbacks
// (no lscpu, a VM seen only through DMI, Apptainer, MPICH as mpirun).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFacts, parseMpi, parseProbeLines, parseVirtualization } from '../../../main/facts/parse.ts';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../../fixtures/outputs/facts', name), 'utf8');
const kv = (lines: string[]) => parseProbeLines(lines.join('\n'));

describe('real probe output', () => {
  it('lab host: Debian 12, x86_64, 2 CPUs, Open MPI as mpirun, container inside a KVM guest', () => {
    const f = parseFacts(fixture('lab-host.txt'));
    expect(f).toMatchObject({
      hostname: 'vl-h01',
      os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
      kernel: '6.18.44-fc-v669',
      arch: 'x86_64',
      cpu: { model: 'AMD EPYC', sockets: 1, coresPerSocket: 2, threadsPerCore: 1, logicalCpus: 2 },
      numaNodes: 1,
      packageManager: 'apt-get',
      compilers: { gcc: 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0', gfortran: 'GNU Fortran (Debian 12.2.0-14+deb12u1) 12.2.0' },
      mpi: { implementation: 'Open MPI', version: '4.1.4', alsoInstalled: ['MPICH'] },
    });
    expect(f.memoryBytes).toBe(24684084 * 1024);
    expect(f.virtualization).toMatchObject({ kind: 'container', container: 'docker', vm: 'kvm' });
    expect(f.virtualization.evidence).toContain('systemd-detect-virt --vm: kvm');
  });

  it('lab guest: its own hostname, and the container named by PID 1 rather than "container-other"', () => {
    const f = parseFacts(fixture('lab-guest.txt'));
    expect(f.hostname).toBe('vl-h01-g');
    expect(f.virtualization).toMatchObject({ kind: 'container', container: 'virtlab-lab', vm: 'kvm' });
    expect(f.virtualization.evidence).toContain("container=virtlab-lab in PID 1's environment");
    expect(f.virtualization.evidence).toContain('systemd-detect-virt --container: container-other');
  });

  it('refuses text that is not probe output', () => {
    expect(() => parseFacts('hello=world\n')).toThrow(/not the output of the VirtLab facts probe/);
  });
});

describe('fallbacks', () => {
  it('CPU topology from /proc/cpuinfo when lscpu is missing', () => {
    const f = parseFacts(
      [
        'probe.version=1',
        'cpuinfo.processors=16',
        'cpuinfo.model=Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz',
        'cpuinfo.physical_ids=2',
        'cpuinfo.cpu_cores=4',
        'cpuinfo.siblings=8',
        'numa.sysfs_nodes=2',
      ].join('\n'),
    );
    expect(f.cpu).toEqual({ model: 'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz', sockets: 2, coresPerSocket: 4, threadsPerCore: 2, logicalCpus: 16 });
    expect(f.numaNodes).toBe(2);
  });

  it('zero physical ids means unknown sockets, not zero', () => {
    expect(parseFacts('probe.version=1\ncpuinfo.physical_ids=0\n').cpu.sockets).toBeNull();
  });

  it('bare metal: nothing says virtual', () => {
    const v = parseVirtualization(
      kv([
        'virt.sdv=none',
        'virt.sdv_vm=none',
        'virt.sdv_container=none',
        'virt.dmi_product=PowerEdge R640',
        'virt.dmi_vendor=Dell Inc.',
        'cpuinfo.hypervisor_flag=no',
      ]),
    );
    expect(v).toEqual({ kind: 'none', vm: null, container: null, evidence: [] });
  });

  it('a VM seen only through DMI strings and the cpuinfo flag (no systemd-detect-virt)', () => {
    const v = parseVirtualization(kv(['virt.dmi_product=VMware Virtual Platform', 'virt.dmi_vendor=VMware, Inc.', 'cpuinfo.hypervisor_flag=yes']));
    expect(v.kind).toBe('vm');
    expect(v.vm).toBe('vmware');
    expect(v.evidence).toEqual(['DMI product_name: VMware Virtual Platform', 'DMI sys_vendor: VMware, Inc.', 'cpuinfo flags include hypervisor']);
  });

  it('Xen through /sys/hypervisor/type; Apptainer, podman, docker and Charliecloud markers', () => {
    expect(parseVirtualization(kv(['virt.hypervisor_type=xen'])).vm).toBe('xen');
    expect(parseVirtualization(kv(['virt.apptainer=/images/lolcow.sif'])).container).toBe('apptainer');
    expect(parseVirtualization(kv(['virt.containerenv=yes'])).container).toBe('podman');
    expect(parseVirtualization(kv(['virt.pid1_container=lxc'])).container).toBe('lxc');
    expect(parseVirtualization(kv(['virt.dockerenv=yes'])).container).toBe('docker');
    // A machine built from a Docker image keeps /.dockerenv; a container's PID 1 cgroup says who made it (real lines).
    expect(
      parseVirtualization(kv(['virt.dockerenv=yes', 'virt.pid1_cgroup=/docker/0c87b2b3c3762fbd38524be7bc6c1ce08f3299a02bffd03e19e3ffd97097b05c'])).evidence,
    ).toEqual(['/.dockerenv exists', "PID 1's cgroup: /docker/0c87b2b3c3762fbd38524be7bc6c1ce08f3299a02bffd03e19e3ffd97097b05c"]);
    expect(parseVirtualization(kv(['virt.pid1_cgroup=/lxc.payload.virtlab-c1-lxc-0'])).container).toBe('lxc');
    expect(parseVirtualization(kv(['virt.pid1_cgroup=/user.slice'])).container).toBeNull();
    // ch-run keeps the host's PID 1 and runs no systemd-detect-virt of its own: CH_RUNNING is what says it.
    expect(parseVirtualization(kv(['virt.sdv_container=none', 'virt.charliecloud=yes']))).toEqual({
      kind: 'container',
      vm: null,
      container: 'charliecloud',
      evidence: ['CH_RUNNING is set (ch-run)'],
    });
  });

  it('MPICH as mpirun (real Hydra output), with its version', () => {
    const mpi = parseMpi(kv([`mpi.mpirun=${fixture('mpirun-mpich.txt').trim()}`, 'mpi.ompi_info=yes']));
    expect(mpi).toEqual({ implementation: 'MPICH', version: '4.0.2', alsoInstalled: ['Open MPI'] });
  });

  it('no MPI at all', () => {
    expect(parseMpi(kv([]))).toEqual({ implementation: null, version: null, alsoInstalled: [] });
  });

  it('quoted os-release values, and keys holding spaces and parentheses', () => {
    const f = parseFacts(
      [
        'probe.version=1',
        'os.PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"',
        "os.ID='rocky'",
        'os.VERSION_ID="9.3"',
        'lscpu.Socket(s)=2',
        'lscpu.Core(s) per socket=16',
      ].join('\n'),
    );
    expect(f.os).toEqual({ id: 'rocky', versionId: '9.3', prettyName: 'Rocky Linux 9.3 (Blue Onyx)' });
    expect(f.cpu.sockets).toBe(2);
    expect(f.cpu.coresPerSocket).toBe(16);
  });
});
