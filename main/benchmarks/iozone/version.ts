// IOzone's version as `iozone -v` prints it.
export function parseIozoneVersion(text: string): string | undefined {
  return /Version\s+\$Revision:\s*([\d.]+)\s*\$/.exec(text)?.[1];
}
