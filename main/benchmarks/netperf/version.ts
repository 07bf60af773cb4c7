// netperf's version as `netperf -V` prints it.
export function parseNetperfVersion(text: string): string | undefined {
  return /Netperf version\s+(\d+(?:\.\d+)+)/i.exec(text)?.[1];
}
