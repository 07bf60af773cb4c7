// Install plans: from endpoint facts to the exact argv steps (and notes) that put netperf, IOzone and the NPB
// toolchain on it. Package routes where the distribution has them, else source builds from user tarballs.
import type { EndpointFacts } from './facts.ts';
import { sourceBuildSteps } from './source.ts';

export interface InstallStep {
  argv: string[];
  /** Text fed to the command's standard input (e.g. a sources.list line for `tee`). */
  stdin?: string;
  why: string;
}

export interface InstallPlan {
  steps: InstallStep[];
  notes: string[];
  /** What still has to come from the user's tarballs (always NPB). */
  fromSource: ('netperf' | 'iozone' | 'npb')[];
}

const RHEL_LIKE = new Set(['rhel', 'rocky', 'almalinux', 'centos', 'ol']);
export const DEBIAN_NON_FREE_LIST = '/etc/apt/sources.list.d/virtlab-non-free.list';

function privileged(f: EndpointFacts): ((argv: string[]) => string[]) | undefined {
  if (f.isRoot) return (argv) => argv;
  if (f.hasSudo) return (argv) => ['sudo', '-n', ...argv];
  return undefined;
}

export function debianNonFreeLine(codename: string): string {
  return `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian ${codename} non-free\n`;
}

export function installPlan(f: EndpointFacts, mpi: 'openmpi' | 'mpich' = 'openmpi'): InstallPlan {
  const notes: string[] = [];
  const steps: InstallStep[] = [];
  const fromSource: InstallPlan['fromSource'] = ['npb'];
  const asRoot = privileged(f);
  if (!asRoot) {
    notes.push(
      'no root and no passwordless sudo: nothing can be installed from packages; netperf and IOzone are built from your tarballs in your home, and the compilers and MPI must already be there',
    );
    fromSource.unshift('netperf', 'iozone');
    return { steps: sourceBuildSteps(fromSource), notes, fromSource };
  }
  const route = packageRoute(f, mpi, notes);
  steps.push(...route.prepare.map((s) => ({ ...s, argv: asRoot(s.argv) })));
  if (route.packages.length > 0) steps.push({ argv: asRoot(route.install(route.packages)), why: 'install the benchmark tools and the NPB toolchain' });
  fromSource.unshift(...(['netperf', 'iozone'] as const).filter((tool) => !route.provides.includes(tool)));
  steps.push(...sourceBuildSteps(fromSource));
  return { steps, notes, fromSource };
}

interface Route {
  prepare: InstallStep[];
  packages: string[];
  provides: ('netperf' | 'iozone')[];
  install(pkgs: string[]): string[];
}

function packageRoute(f: EndpointFacts, mpi: 'openmpi' | 'mpich', notes: string[]): Route {
  if (f.packageManager === 'apt') {
    const mpiPkgs = mpi === 'openmpi' ? ['openmpi-bin', 'libopenmpi-dev'] : ['mpich', 'libmpich-dev'];
    const install = (p: string[]) => ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '--no-install-recommends', ...p];
    const base = ['make', 'gcc', 'gfortran', ...mpiPkgs];
    const prepare: InstallStep[] = [];
    if (f.osId === 'debian') {
      if (!f.codename) {
        notes.push('Debian without VERSION_CODENAME: cannot write the non-free source line; netperf and iozone3 come from your tarballs');
        return { prepare: [{ argv: ['apt-get', 'update'], why: 'refresh package lists' }], packages: base, provides: [], install };
      }
      notes.push(
        'netperf and iozone3 are in Debian\'s non-free component; the deb822 default source conflicts with a plain "deb ... non-free" line, so the line names the archive keyring explicitly',
      );
      prepare.push({ argv: ['tee', DEBIAN_NON_FREE_LIST], stdin: debianNonFreeLine(f.codename), why: 'enable Debian non-free for netperf and iozone3' });
    } else if (f.osId === 'ubuntu') {
      notes.push("netperf and iozone3 are in Ubuntu's multiverse component");
      prepare.push({ argv: ['add-apt-repository', '-y', 'multiverse'], why: 'enable multiverse for netperf and iozone3 (needs software-properties-common)' });
    } else {
      notes.push(`apt on ${f.osId}: assuming Debian-style package names; netperf/iozone3 may need a non-free or multiverse component`);
    }
    prepare.push({ argv: ['apt-get', 'update'], why: 'refresh package lists' });
    return { prepare, packages: [...base, 'netperf', 'iozone3'], provides: ['netperf', 'iozone'], install };
  }
  if (f.packageManager === 'zypper') {
    notes.push('openSUSE/SLES: netperf and iozone are not in the main repositories VirtLab knows of; both are built from your tarballs');
    const mpiPkgs = mpi === 'openmpi' ? ['openmpi4', 'openmpi4-devel'] : ['mpich', 'mpich-devel'];
    return {
      prepare: [],
      packages: ['make', 'gcc', 'gcc-fortran', ...mpiPkgs],
      provides: [],
      install: (p) => ['zypper', '--non-interactive', 'install', ...p],
    };
  }
  const pm = f.packageManager;
  const mpiPkgs = mpi === 'openmpi' ? ['openmpi', 'openmpi-devel'] : ['mpich', 'mpich-devel'];
  notes.push(
    `${mpi === 'openmpi' ? 'Open MPI' : 'MPICH'} on the Red Hat family lives under /usr/lib64/${mpi}/bin: load it with \`module load mpi/${mpi}-x86_64\` or put that folder on PATH`,
  );
  notes.push('IOzone is not packaged for Fedora or EPEL (its licence), and netperf packaging there varies: both are built from your tarballs');
  const prepare: InstallStep[] = [];
  if (RHEL_LIKE.has(f.osId)) prepare.push({ argv: [pm, 'install', '-y', 'epel-release'], why: 'EPEL for extra build dependencies on RHEL-family systems' });
  return { prepare, packages: ['make', 'gcc', 'gcc-gfortran', ...mpiPkgs], provides: [], install: (p) => [pm, 'install', '-y', ...p] };
}
