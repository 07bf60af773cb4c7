// Pure parser of the facts probe's `key=value` output (see probe-script.ts) into HostFacts.
import type { CpuFacts, HostFacts, MpiImplementation, VirtualizationFacts } from './types.ts';

/** Key = everything before the first '=' (keys may hold spaces, e.g. `lscpu.Socket(s)`); later keys win. */
export function parseProbeLines(text: string): Map<string, string> {
  const kv = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    kv.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  return kv;
}

/** os-release values may be quoted: "..." or '...'. */
function unquote(v: string | undefined): string | null {
  if (v === undefined || v === '') return null;
  const m = /^"(.*)"$/.exec(v) ?? /^'(.*)'$/.exec(v);
  return m ? m[1]!.replace(/\\(["\\$`])/g, '$1') : v;
}

function str(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

function int(v: string | undefined): number | null {
  if (v === undefined || !/^\d+$/.test(v.trim())) return null;
  return Number(v.trim());
}

function parseCpu(kv: Map<string, string>): CpuFacts {
  const sockets = int(kv.get('lscpu.Socket(s)')) ?? positive(int(kv.get('cpuinfo.physical_ids')));
  const coresPerSocket = int(kv.get('lscpu.Core(s) per socket')) ?? int(kv.get('cpuinfo.cpu_cores'));
  const siblings = int(kv.get('cpuinfo.siblings'));
  const threadsFromCpuinfo = siblings !== null && coresPerSocket ? Math.max(1, Math.round(siblings / coresPerSocket)) : null;
  return {
    model: str(kv.get('lscpu.Model name')) ?? str(kv.get('cpuinfo.model')),
    sockets,
    coresPerSocket,
    threadsPerCore: int(kv.get('lscpu.Thread(s) per core')) ?? threadsFromCpuinfo,
    logicalCpus: int(kv.get('lscpu.CPU(s)')) ?? int(kv.get('cpuinfo.processors')),
  };
}

/** cpuinfo without "physical id" lines (some VMs, ARM) counts 0 sockets: that means "unknown", not zero. */
function positive(n: number | null): number | null {
  return n && n > 0 ? n : null;
}

const VM_BY_DMI: Array<[RegExp, string]> = [
  [/KVM/i, 'kvm'],
  [/QEMU|Bochs/i, 'qemu'],
  [/VMware/i, 'vmware'],
  [/VirtualBox|innotek/i, 'oracle'],
  [/Xen/i, 'xen'],
  [/Microsoft Corporation|Hyper-V/i, 'microsoft'],
  [/Parallels/i, 'parallels'],
  [/Amazon EC2/i, 'amazon'],
  [/Google Compute Engine|^Google$/i, 'google'],
  [/OpenStack/i, 'kvm'],
];

const notNone = (v: string | undefined): string | null => (v && v !== 'none' ? v : null);

const CONTAINER_BY_CGROUP: readonly [RegExp, string][] = [
  [/^\/docker[/-]/, 'docker'],
  [/^\/lxc(\.payload)?[/.]/, 'lxc'],
  [/libpod[-_]/, 'podman'],
];

export function parseVirtualization(kv: Map<string, string>): VirtualizationFacts {
  const evidence: string[] = [];
  let container: string | null = null;
  let vm: string | null = null;
  // systemd-detect-virt says only "container-other" for container managers it does not know: a named one wins.
  const sawContainer = (what: string, why: string) => {
    if (container === null || container === 'container-other') container = what;
    evidence.push(why);
  };
  const sawVm = (what: string, why: string) => {
    vm ??= what;
    evidence.push(why);
  };

  const sdvContainer = notNone(kv.get('virt.sdv_container'));
  if (sdvContainer) sawContainer(sdvContainer, `systemd-detect-virt --container: ${sdvContainer}`);
  const apptainer = str(kv.get('virt.apptainer'));
  if (apptainer) sawContainer('apptainer', `APPTAINER_CONTAINER=${apptainer}`);
  const singularity = str(kv.get('virt.singularity'));
  if (singularity) sawContainer('singularity', `SINGULARITY_CONTAINER=${singularity}`);
  // ch-run shares the host's PID namespace (PID 1 is the host's): its own variable is the only marker.
  if (kv.get('virt.charliecloud') === 'yes') sawContainer('charliecloud', 'CH_RUNNING is set (ch-run)');
  // PID 1's container= names the innermost manager; marker files may be inherited from an outer layer.
  const pid1 = str(kv.get('virt.pid1_container'));
  if (pid1) sawContainer(pid1, `container=${pid1} in PID 1's environment`);
  if (kv.get('virt.dockerenv') === 'yes') sawContainer('docker', '/.dockerenv exists');
  if (kv.get('virt.containerenv') === 'yes') sawContainer('podman', '/run/.containerenv exists');
  // PID 1's cgroup names the manager that made it (cgroup v1, or v2 without a cgroup namespace); marker files such as
  // /.dockerenv can also sit on a machine that was only built from a container image.
  const cgroup = str(kv.get('virt.pid1_cgroup'));
  const byCgroup = cgroup ? CONTAINER_BY_CGROUP.find(([re]) => re.test(cgroup)) : undefined;
  if (cgroup && byCgroup) sawContainer(byCgroup[1], `PID 1's cgroup: ${cgroup}`);

  const sdvVm = notNone(kv.get('virt.sdv_vm'));
  if (sdvVm) sawVm(sdvVm, `systemd-detect-virt --vm: ${sdvVm}`);
  const hyp = str(kv.get('virt.hypervisor_type'));
  if (hyp) sawVm(hyp, `/sys/hypervisor/type: ${hyp}`);
  for (const key of ['virt.dmi_product', 'virt.dmi_vendor']) {
    const v = str(kv.get(key));
    const hit = v ? VM_BY_DMI.find(([re]) => re.test(v)) : undefined;
    if (v && hit) sawVm(hit[1], `DMI ${key === 'virt.dmi_product' ? 'product_name' : 'sys_vendor'}: ${v}`);
  }
  const lscpuHyp = str(kv.get('lscpu.Hypervisor vendor'));
  if (lscpuHyp) sawVm(lscpuHyp.toLowerCase(), `lscpu hypervisor vendor: ${lscpuHyp}`);
  if (kv.get('cpuinfo.hypervisor_flag') === 'yes') sawVm('unknown', 'cpuinfo flags include hypervisor');

  return { kind: container ? 'container' : vm ? 'vm' : 'none', vm, container, evidence };
}

export function parseMpi(kv: Map<string, string>): HostFacts['mpi'] {
  const out = kv.get('mpi.mpirun') ?? '';
  let implementation: MpiImplementation | null = null;
  let version: string | null = null;
  let m: RegExpExecArray | null;
  if ((m = /\(Open MPI\)\s+([\w.+-]+)/.exec(out)) || (m = /Open MPI[^0-9]*([\d.]+\w*)/.exec(out))) {
    implementation = 'Open MPI';
    version = m[1]!;
  } else if (/Intel\(R\) MPI/i.test(out)) {
    implementation = 'Intel MPI';
    version = /Version\s+([\w.]+)/.exec(out)?.[1] ?? null;
  } else if (/MVAPICH/i.test(out)) {
    implementation = 'MVAPICH';
    version = /Version:\s*([\w.]+)/.exec(out)?.[1] ?? null;
  } else if (/HYDRA|MPICH/i.test(out)) {
    implementation = 'MPICH';
    version = /Version:\s*([\w.]+)/.exec(out)?.[1] ?? null;
  } else if (out) {
    implementation = 'other';
  }
  const also = new Set<MpiImplementation>();
  if (kv.get('mpi.ompi_info') === 'yes') also.add('Open MPI');
  if (kv.get('mpi.mpichversion')) also.add('MPICH');
  if (implementation) also.delete(implementation);
  if (!version && implementation === 'MPICH') version = /MPICH Version:\s*([\w.]+)/.exec(kv.get('mpi.mpichversion') ?? '')?.[1] ?? null;
  return { implementation, version, alsoInstalled: [...also] };
}

export function parseFacts(text: string): HostFacts {
  const kv = parseProbeLines(text);
  if (kv.get('probe.version') !== '1') throw new Error('not the output of the VirtLab facts probe (no probe.version=1 line)');
  const memKb = int(kv.get('mem.total_kb'));
  const numa = int(kv.get('lscpu.NUMA node(s)')) ?? positive(int(kv.get('numa.sysfs_nodes')));
  return {
    hostname: str(kv.get('hostname')),
    os: { id: unquote(kv.get('os.ID')), versionId: unquote(kv.get('os.VERSION_ID')), prettyName: unquote(kv.get('os.PRETTY_NAME')) },
    kernel: str(kv.get('kernel')),
    arch: str(kv.get('arch')),
    cpu: parseCpu(kv),
    memoryBytes: memKb === null ? null : memKb * 1024,
    numaNodes: numa,
    virtualization: parseVirtualization(kv),
    packageManager: str(kv.get('pkg.manager')),
    compilers: { gcc: str(kv.get('cc.gcc')), gfortran: str(kv.get('cc.gfortran')) },
    mpi: parseMpi(kv),
  };
}
