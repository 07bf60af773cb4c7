// Reading installed benchmark versions from the tools themselves (`netperf -V`, `iozone -v`).
import { iozoneVersionArgv } from '../benchmarks/iozone/command.ts';
import { netperfVersionArgv } from '../benchmarks/netperf/command.ts';
import { RunnerError } from './errors.ts';
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
  // Connection trouble propagates: only a tool that is really absent (or unreadable) counts as missing.
  const r = await run(ep, argv, { timeoutMs: 60_000 });
  if (r.timedOut) throw new RunnerError('timeout', `\`${argv.join(' ')}\` on ${ep.name} did not answer within 60 s`);
  if (r.code !== 0) return undefined;
  const text = `${r.stdout}\n${r.stderr}`;
  return tool === 'netperf' ? parseNetperfVersion(text) : parseIozoneVersion(text);
}
