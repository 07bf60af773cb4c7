// Version detection: the commands to run and parsers for their output.
export const versionProbes = {
  netperf: ['netperf', '-V'],
  iozone: ['iozone', '-v'],
  gfortran: ['gfortran', '-dumpversion'],
} as const;

/** "Netperf version 2.7.0" -> "2.7.0". */
export function parseNetperfVersion(text: string): string | undefined {
  return /Netperf version (\d+(?:\.\d+)+)/.exec(text)?.[1];
}

/** "Version $Revision: 3.489 $" -> "3.489". */
export function parseIozoneVersion(text: string): string | undefined {
  return /Version \$Revision: (\d+(?:\.\d+)+) \$/.exec(text)?.[1];
}
