import { describe, expect, it } from 'vitest';
import type { EndpointFacts } from '../../../../main/benchmarks/install/facts.ts';
import { DEBIAN_NON_FREE_LIST, installPlan } from '../../../../main/benchmarks/install/plan.ts';

const debian: EndpointFacts = { osId: 'debian', versionId: '12', codename: 'bookworm', packageManager: 'apt', isRoot: true, hasSudo: false };

describe('install plans', () => {
  it('Debian as root: non-free source line, update, packages; NPB from the tarball', () => {
    const plan = installPlan(debian);
    expect(plan.steps[0]).toEqual({
      argv: ['tee', DEBIAN_NON_FREE_LIST],
      stdin: 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm non-free\n',
      why: 'enable Debian non-free for netperf and iozone3',
    });
    expect(plan.steps[1]!.argv).toEqual(['apt-get', 'update']);
    expect(plan.steps[2]!.argv).toEqual([
      'env',
      'DEBIAN_FRONTEND=noninteractive',
      'apt-get',
      'install',
      '-y',
      '--no-install-recommends',
      'make',
      'gcc',
      'gfortran',
      'openmpi-bin',
      'libopenmpi-dev',
      'netperf',
      'iozone3',
    ]);
    expect(plan.fromSource).toEqual(['npb']);
    expect(plan.steps.map((s) => s.argv[0])).toContain('tar');
    expect(plan.notes.join(' ')).toContain('non-free');
  });

  it('uses sudo -n without root, and MPICH packages when asked', () => {
    const plan = installPlan({ ...debian, isRoot: false, hasSudo: true }, 'mpich');
    expect(plan.steps[0]!.argv).toEqual(['sudo', '-n', 'tee', DEBIAN_NON_FREE_LIST]);
    expect(plan.steps[2]!.argv.slice(0, 3)).toEqual(['sudo', '-n', 'env']);
    expect(plan.steps[2]!.argv).toEqual(expect.arrayContaining(['mpich', 'libmpich-dev']));
    // Source builds run as the user, never through sudo.
    expect(plan.steps.filter((s) => s.argv[0] === 'tar').every((s) => !s.argv.includes('sudo'))).toBe(true);
  });

  it('without root or sudo builds netperf and IOzone from tarballs only', () => {
    const plan = installPlan({ ...debian, isRoot: false, hasSudo: false });
    expect(plan.fromSource).toEqual(['netperf', 'iozone', 'npb']);
    expect(plan.steps.some((s) => s.argv.includes('apt-get'))).toBe(false);
    expect(plan.steps.map((s) => s.argv.slice(0, 2).join(' '))).toEqual(expect.arrayContaining(['make -C', 'sh -c']));
    expect(plan.notes[0]).toContain('no root');
  });

  it('Debian without a codename cannot add non-free and falls back to source builds', () => {
    const plan = installPlan({ ...debian, codename: undefined });
    expect(plan.fromSource).toEqual(['netperf', 'iozone', 'npb']);
    expect(plan.steps.some((s) => s.argv[0] === 'tee')).toBe(false);
  });

  it('Ubuntu enables multiverse', () => {
    const plan = installPlan({ osId: 'ubuntu', versionId: '22.04', codename: 'jammy', packageManager: 'apt', isRoot: true, hasSudo: false });
    expect(plan.steps[0]!.argv).toEqual(['add-apt-repository', '-y', 'multiverse']);
    expect(plan.steps[2]!.argv).toEqual(expect.arrayContaining(['netperf', 'iozone3']));
  });

  it('RHEL family: EPEL, gcc-gfortran and openmpi-devel; tools from source', () => {
    const plan = installPlan({ osId: 'rocky', versionId: '9.3', packageManager: 'dnf', isRoot: true, hasSudo: false });
    expect(plan.steps[0]!.argv).toEqual(['dnf', 'install', '-y', 'epel-release']);
    expect(plan.steps[1]!.argv).toEqual(['dnf', 'install', '-y', 'make', 'gcc', 'gcc-gfortran', 'openmpi', 'openmpi-devel']);
    expect(plan.fromSource).toEqual(['netperf', 'iozone', 'npb']);
    expect(plan.notes.join(' ')).toContain('module load mpi/openmpi-x86_64');
    const fedora = installPlan({ osId: 'fedora', versionId: '40', packageManager: 'dnf', isRoot: true, hasSudo: false });
    expect(fedora.steps[0]!.argv[3]).toBe('make');
    expect(installPlan({ osId: 'centos', versionId: '7', packageManager: 'yum', isRoot: true, hasSudo: false }).steps[0]!.argv).toEqual([
      'yum',
      'install',
      '-y',
      'epel-release',
    ]);
  });

  it('zypper: gcc-fortran and openmpi4', () => {
    const plan = installPlan({ osId: 'opensuse-leap', versionId: '15.5', packageManager: 'zypper', isRoot: true, hasSudo: false });
    expect(plan.steps[0]!.argv).toEqual(['zypper', '--non-interactive', 'install', 'make', 'gcc', 'gcc-fortran', 'openmpi4', 'openmpi4-devel']);
  });

  it('builds netperf with -fcommon (GCC 10+ no longer links 2.7.0 without it)', () => {
    const plan = installPlan({ ...debian, isRoot: false, hasSudo: false });
    const configure = plan.steps.find((s) => s.argv[0] === 'sh')!;
    expect(configure.argv[2]).toContain('-fcommon');
    expect(configure.argv.slice(3)).toEqual(['sh', '.virtlab/src/netperf']);
  });
});
