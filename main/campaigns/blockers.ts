// Problems no run could survive, learnt from failures while installing a benchmark: the executor pauses the campaign
// with the reason instead of failing every remaining run and burning their retries. A missing input stops the whole
// campaign; a benchmark that does not build stops it on that platform (its endpoints run one software image); a
// benchmark refused on some endpoints (a tool missing) routes its runs elsewhere until no endpoint set is left.
import { RunnerError } from '../runner/errors.ts';

export type InstallBlock = { scope: 'campaign'; reason: string } | { scope: 'platform'; reason: string } | { scope: 'endpoints'; reason: string };

/** What an install failure says about other runs, or undefined for an ordinary (retryable, per-run) failure. */
export function classifyInstallFailure(e: unknown): InstallBlock['scope'] | undefined {
  if (!(e instanceof RunnerError)) return undefined;
  if (e.kind === 'input') return 'campaign';
  if (e.kind === 'build') return 'platform';
  if (e.kind === 'refused') return 'endpoints';
  return undefined;
}

export class InstallBlockers {
  /** platform|benchmark -> endpoints where it cannot be installed, with the reasons. */
  private readonly refused = new Map<string, Map<string, string>>();

  private key(platform: string, benchmark: string): string {
    return `${platform}|${benchmark}`;
  }

  /** Records a failure while installing `benchmark` for a run on `endpoints`; undefined if it blocks nothing. */
  record(platform: string, benchmark: string, endpoints: readonly string[], e: unknown): InstallBlock | undefined {
    const scope = classifyInstallFailure(e);
    if (!scope) return undefined;
    const why = (e as Error).message;
    if (scope === 'campaign') return { scope, reason: why };
    if (scope === 'platform') return { scope, reason: `${benchmark} cannot be built on platform ${platform}: ${why}` };
    const k = this.key(platform, benchmark);
    const m = this.refused.get(k) ?? new Map<string, string>();
    for (const ep of endpoints) m.set(ep, why);
    this.refused.set(k, m);
    return { scope, reason: `${benchmark} cannot be installed on ${endpoints.join(', ')}: ${why}` };
  }

  /** Endpoints a run of this benchmark on this platform must avoid. */
  avoid(platform: string, benchmark: string): ReadonlySet<string> | undefined {
    const m = this.refused.get(this.key(platform, benchmark));
    return m && m.size ? new Set(m.keys()) : undefined;
  }

  /** Why no endpoint set of the platform is left for the benchmark (for the pause reason). */
  explain(platform: string, benchmark: string, needed: number): string {
    const m = this.refused.get(this.key(platform, benchmark)) ?? new Map<string, string>();
    const reasons = [...new Set(m.values())];
    return `${benchmark} cannot be installed on enough endpoints of platform ${platform} (a run needs ${needed}; refused on ${[...m.keys()].join(', ')}): ${reasons.join('; ')}`;
  }
}
