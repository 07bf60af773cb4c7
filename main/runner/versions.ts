// Reading installed benchmark versions from the tools themselves (`netperf -V`, `iozone -v`).
import { iozoneVersionArgv } from '../benchmarks/iozone/command.ts';
import { netperfVersionArgv } from '../benchmarks/netperf/command.ts';
import { run, type BenchEndpoint } from './remote.ts';

export function parseNetperfVersion(text: string): string | undefined {
  return /Netperf version\s+(\d+(?:\.\d+)+)/i.exec(text)?.[1];
}

export function parseIozoneVersion(text: string): string | undefined {
  return /Version\s+\$Revision:\s*([\d.]+)\s*\$/.exec(text)?.[1];
}

/** Installed version, or undefined when the tool is missing or says nothing we can read. */
export async function toolVersion(ep: BenchEndpoint, tool: 'netperf' | 'iozone'): Promise<string | undefined> {
  const argv = tool === 'netperf' ? [...netperfVersionArgv] : [...iozoneVersionArgv];
  const r = await run(ep, argv, { timeoutMs: 20_000 }).catch(() => undefined);
  if (!r || r.code !== 0) return undefined;
  const text = `${r.stdout}\n${r.stderr}`;
  return tool === 'netperf' ? parseNetperfVersion(text) : parseIozoneVersion(text);
}
