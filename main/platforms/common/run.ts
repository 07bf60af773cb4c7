// Running a provider's commands on a platform host: a failure becomes one sentence naming the host and the tail of
// what the command said.
import type { HostShell } from '../provider.ts';

export class ProviderError extends Error {}

export async function must(h: HostShell, argv: readonly string[], what: string, timeoutMs = 120_000): Promise<string> {
  const r = await h.run(argv, { timeoutMs });
  if (r.code !== 0)
    throw new ProviderError(`${what} on ${h.name} failed (exit code ${r.code}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`);
  return r.stdout;
}

/** The login's home on the host (where the runner's folders are). */
export async function homeOf(h: HostShell): Promise<string> {
  const home = (await must(h, ['sh', '-c', 'printf "%s" "$HOME"'], 'reading $HOME')).trim();
  if (!home.startsWith('/')) throw new ProviderError(`${h.name}: $HOME is not an absolute path (${JSON.stringify(home)})`);
  return home;
}
