// THE list of execution backends (their Node side): a platform's stored backend name and settings -> the backend the
// run driver uses for its runs. Nothing outside main/backends/ names a backend; the pure descriptions are in catalog.ts.
import type { RunBackend } from './backend.ts';
import { describeBackend, parseBackendSettings } from './catalog.ts';
import { slurmRunBackend } from './slurm/run-backend.ts';
import type { SlurmSettings } from './slurm/settings.ts';
import { sshRunBackend } from './ssh/run-backend.ts';
import type { ChannelHost } from '../ssh/pool.ts';

export interface OpenBackendDeps {
  /** The pooled, host-key-checked session to a stored host (a batch system's login endpoint). */
  session(host: string): { host: ChannelHost; name: string };
  controlTimeoutMs: number;
}

const opens: Record<string, (settings: Record<string, unknown>, deps: OpenBackendDeps) => RunBackend> = {
  ssh: (_s, deps) => sshRunBackend({ controlTimeoutMs: deps.controlTimeoutMs }),
  slurm: (s, deps) => {
    const settings = s as SlurmSettings;
    return slurmRunBackend(settings, { login: deps.session(settings.login), controlTimeoutMs: deps.controlTimeoutMs });
  },
};

/** The backend a platform's runs go through; a platform that names none uses ssh. Throws on unknown or bad settings. */
export function openRunBackend(name: string | null | undefined, rawSettings: Record<string, unknown>, deps: OpenBackendDeps): RunBackend {
  const n = name ?? 'ssh';
  const open = opens[n];
  if (!open || !describeBackend(n)) throw new Error(`no execution backend "${n}"`);
  const parsed = parseBackendSettings(n, rawSettings);
  if ('error' in parsed) throw new Error(`backend ${n}: ${parsed.error}`);
  return open(parsed.settings, deps);
}

/** The stored host a backend's jobs go through, if it has one (checked against the inventory when a platform is defined). */
export function loginHostOf(name: string | null | undefined, settings: Record<string, unknown>): string | undefined {
  return describeBackend(name ?? 'ssh')?.loginOf?.(settings);
}
