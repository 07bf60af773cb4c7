// What `virtlab bench install|run <name>` does with one benchmark, by hand and outside any campaign. Each benchmark
// that can be run so has one runner (main/runner/<name>/hand.ts), listed in main/runner/hand-runners.ts.
import type { Tool } from './install/run.ts';
import type { NpbSource } from './npb/source.ts';
import type { BenchEndpoint } from './remote.ts';
import type { BenchRunResult, Progress } from './result.ts';

export interface HandRunInput {
  /** The hosts `--on` selected, rank order. */
  targets: readonly BenchEndpoint[];
  /** The host `--peer` selected (a server side). */
  peer?: BenchEndpoint;
  /** `--source`: a local tarball or a URL. */
  source?: NpbSource;
  params: Record<string, unknown>;
  progress: Progress;
}

export interface HandRunner {
  /** The benchmark module's id (`virtlab bench run <id>`). */
  id: string;
  /** The installed tool `bench install` installs; absent: `installRefusal` says why there is none. */
  installs?: Tool;
  installRefusal?: string;
  /** What must be given besides --on, each with the sentence said when it is missing. */
  needs: { peer?: string; source?: string };
  run(input: HandRunInput): Promise<BenchRunResult>;
}
