// Reading installed benchmark versions from the tools themselves (`netperf -V`, `iozone -v`), as each benchmark
// module says (its tool requirement: version argv and reader).
import { toolByName } from '../benchmarks/registry.ts';
import { parseIozoneVersion } from '../benchmarks/iozone/version.ts';
import { parseNetperfVersion } from '../benchmarks/netperf/version.ts';
import { RunnerError } from './errors.ts';
import { limitOn } from './endpoint-limits.ts';
import { run, type BenchEndpoint } from './remote.ts';

export { parseIozoneVersion, parseNetperfVersion };

/** Installed version, or undefined when the tool is missing or says nothing we can read. */
export async function toolVersion(ep: BenchEndpoint, tool: string): Promise<string | undefined> {
  const t = toolByName(tool);
  if (!t) throw new RunnerError('config', `no benchmark installs a tool named ${tool}`);
  return versionBy(ep, t.versionArgv, t.parseVersion);
}

/** A tool's version from its own version command and reader; undefined when it is missing or unreadable. */
export async function versionBy(ep: BenchEndpoint, versionArgv: readonly string[], read: (text: string) => string | undefined): Promise<string | undefined> {
  const argv = [...versionArgv];
  // Connection trouble propagates: only a tool that is really absent (or unreadable) counts as missing.
  const limitMs = limitOn(ep, 60_000);
  const r = await run(ep, argv, { timeoutMs: limitMs });
  if (r.timedOut) throw new RunnerError('timeout', `\`${argv.join(' ')}\` on ${ep.name} did not answer within ${limitMs / 1000} s`);
  if (r.code !== 0) return undefined;
  const text = `${r.stdout}\n${r.stderr}`;
  return read(text);
}
