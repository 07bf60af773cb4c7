// Source builds from user-supplied tarballs copied to ~/.virtlab/src on the endpoint, installed under ~/.virtlab/bin.
export const SOURCE_ROOT = '.virtlab/src';
export const BIN_DIR = '.virtlab/bin';

interface Step {
  argv: string[];
  why: string;
}

const builds: Record<'netperf' | 'iozone' | 'npb', (src: string) => Step[]> = {
  netperf: (src) => [
    { argv: ['tar', '-xf', `${src}/netperf.tar.gz`, '-C', src, '--one-top-level=netperf', '--strip-components=1'], why: 'unpack your netperf tarball' },
    // netperf 2.7.0 predates GCC 10's -fno-common default and fails to link without -fcommon.
    {
      argv: ['sh', '-c', 'cd "$1" && ./configure --prefix="$HOME/.virtlab" CFLAGS="-O2 -fcommon" && make && make install', 'sh', `${src}/netperf`],
      why: 'build netperf (autotools) into ~/.virtlab',
    },
  ],
  iozone: (src) => [
    { argv: ['tar', '-xf', `${src}/iozone.tar`, '-C', src, '--one-top-level=iozone', '--strip-components=1'], why: 'unpack your IOzone tarball' },
    { argv: ['make', '-C', `${src}/iozone/src/current`, 'linux-AMD64'], why: 'build iozone (use linux-arm / linux on other CPUs)' },
    { argv: ['install', '-D', `${src}/iozone/src/current/iozone`, `${BIN_DIR}/iozone`], why: 'put iozone in ~/.virtlab/bin' },
  ],
  npb: (src) => [
    {
      argv: ['tar', '-xf', `${src}/npb.tar.gz`, '-C', src, '--one-top-level=NPB', '--strip-components=1'],
      why: 'unpack your NPB tarball (then write config/make.def and build each kernel)',
    },
  ],
};

/** Steps run from the user's home; paths are relative to it. The one shell step takes its folder as $1, never spliced. */
export function sourceBuildSteps(tools: readonly ('netperf' | 'iozone' | 'npb')[]): Step[] {
  const steps: Step[] = [{ argv: ['mkdir', '-p', SOURCE_ROOT, BIN_DIR], why: 'folders for sources and binaries' }];
  for (const t of tools) steps.push(...builds[t](SOURCE_ROOT));
  return steps;
}
