// One CLI subcommand. Each lives in main/cli/commands/<name>.ts and is listed in main/cli/commands/index.ts.
import type { Client } from '../contract/procedures.ts';
import type { Core } from '../core/core.ts';
import type { CampaignOptions } from '../core/run-drivers.ts';
import type { HostKeyPolicy } from '../ssh/host-key-verifier.ts';

/** What a command asks of the process's core (the first call composes it; later calls get the same core). */
export interface CoreRequest {
  /** For commands that reach hosts: host key questions and passwords at the terminal. The policy is said when it is
   * not 'ask', unless quiet (campaigns: their drivers check host keys strictly, whatever the policy). */
  terminal?: { hostKeyPolicy?: HostKeyPolicy; quiet?: boolean };
  /** For commands that start or resume campaigns: the options given on the command line. */
  campaigns?: CampaignOptions;
  /** The served UI's composition (`virtlab serve`): its secret store, prompts answered in the browser. */
  served?: { quiet?: boolean };
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** Resolved data folder (from --data-dir, VIRTLAB_DATA_DIR or the user-data default). */
  dataDir: string;
  /** The core's procedures, composed by main/cli/main.ts: commands are clients of its handlers, like the bridge and
   * Electron's IPC (same validation, same errors). */
  client(request?: CoreRequest): Promise<Client>;
  /** The core itself, for what is not a procedure: serving it (`serve`) and its SSH pool (`exec`, `bench`). */
  core(request?: CoreRequest): Promise<Core>;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code; throws only for bugs (reported as internal errors). */
  run(args: string[], io: CliIo): Promise<number>;
}
