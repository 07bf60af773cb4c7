// What goes into VirtLab's benchmark images, and their content-addressed names: the name is a hash of everything that
// decides the image's content (the build script, the suite, the packages, the pieces and checks, the image it builds
// on), so a recipe change gives a new name and an unchanged recipe finds the tarball already built.
import { createHash } from 'node:crypto';
import { BUILD_SCRIPT } from './build-script.ts';
import { VM_PIECES_SCRIPT } from './vm-pieces.ts';

export type ImageKind = 'base' | 'vm';

/**
 * The PATH every tool below resolves on. An imported tarball carries no environment, so a container made from it must
 * set this (`podman import --change ENV=PATH=...`, `docker import --change 'ENV PATH=...'`); ch-run passes the host's.
 */
export const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Benchmark tools (netperf and iozone3 come from Debian's non-free component; hpcc is the HPC Challenge suite), both
 * MPIs, the NPB toolchain. */
export const BASE_PACKAGES = [
  'netperf',
  'iozone3',
  'hpcc',
  'gcc',
  'libc6-dev',
  'gfortran',
  'make',
  'openmpi-bin',
  'libopenmpi-dev',
  'mpich',
  'libmpich-dev',
  'procps',
  'iproute2',
  'openssh-client',
  'ca-certificates',
] as const;

/** Commands the base image must resolve by these plain names on IMAGE_PATH (what VirtLab's runners call). */
export const BASE_TOOLS = [
  'gcc',
  'cc',
  'gfortran',
  'make',
  'mpicc',
  'mpif90',
  'mpirun',
  'mpicc.openmpi',
  'mpif90.openmpi',
  'mpirun.openmpi',
  'mpicc.mpich',
  'mpif90.mpich',
  'mpirun.mpich',
  'netperf',
  'netserver',
  'iozone',
  'hpcc',
  'bash',
  'ip',
  'ps',
] as const;

/** On top of the base for a VM: a kernel and initramfs installed inside the image, an init, udev and sshd. */
export const VM_PACKAGES = ['linux-image-amd64', 'systemd-sysv', 'udev', 'openssh-server', 'kmod', 'iputils-ping'] as const;

export const VM_TOOLS = [...BASE_TOOLS, 'sshd', 'systemctl', 'ssh-keygen', 'mount', 'mountpoint'] as const;

/**
 * Run inside the finished root file system with only IMAGE_PATH: every tool resolves by its plain name, and C, Fortran
 * and MPI Fortran compile and link a program that then runs (a tool found but unusable, e.g. no libc headers, fails).
 */
export function toolCheckScript(tools: readonly string[]): string {
  return [
    'set -u; missing=""',
    `for t in ${tools.join(' ')}; do command -v "$t" >/dev/null 2>&1 || missing="$missing $t"; done`,
    '[ -z "$missing" ] || { echo "not on PATH ($PATH):$missing" >&2; exit 1; }',
    't=$(mktemp -d); trap \'rm -rf "$t"\' EXIT',
    'printf \'int main(void) { return 0; }\\n\' >"$t/c.c"',
    'printf \'program f\\nend program f\\n\' >"$t/f.f90"',
    'printf \'program m\\ninclude "mpif.h"\\nend program m\\n\' >"$t/m.f90"',
    'gcc -o "$t/c" "$t/c.c" && "$t/c" || { echo "gcc cannot build a program" >&2; exit 1; }',
    'gfortran -o "$t/f" "$t/f.f90" && "$t/f" || { echo "gfortran cannot build a program" >&2; exit 1; }',
    'mpif90.openmpi -o "$t/m1" "$t/m.f90" || { echo "mpif90.openmpi cannot build a program" >&2; exit 1; }',
    'mpif90.mpich -o "$t/m2" "$t/m.f90" || { echo "mpif90.mpich cannot build a program" >&2; exit 1; }',
  ].join('\n');
}

export interface ImageRecipe {
  kind: ImageKind;
  suite: string;
  packages: readonly string[];
  /** Script run with the root folder as $1 after the packages ('' for none). */
  extra: string;
  /** Script run inside the finished root file system; a failure refuses the image. */
  check: string;
  /** The image this one is built on ('' for the base). */
  parent: string;
}

export function recipeFor(kind: ImageKind, suite: string): ImageRecipe {
  if (kind === 'base') return { kind, suite, packages: BASE_PACKAGES, extra: '', check: toolCheckScript(BASE_TOOLS), parent: '' };
  return { kind, suite, packages: VM_PACKAGES, extra: VM_PIECES_SCRIPT, check: toolCheckScript(VM_TOOLS), parent: imageName(recipeFor('base', suite)) };
}

/** `virtlab-<kind>-<suite>-<16 hex>`; the tarball is `<name>.tar` with its sha256 in `<name>.tar.sha256`. */
export function imageName(r: ImageRecipe): string {
  const h = createHash('sha256')
    .update(
      JSON.stringify({
        script: BUILD_SCRIPT,
        path: IMAGE_PATH,
        kind: r.kind,
        suite: r.suite,
        packages: [...r.packages],
        extra: r.extra,
        check: r.check,
        parent: r.parent,
      }),
    )
    .digest('hex');
  return `virtlab-${r.kind}-${r.suite}-${h.slice(0, 16)}`;
}
