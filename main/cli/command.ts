// One CLI subcommand. Each lives in main/cli/commands/<name>.ts and is listed in main/cli/commands/index.ts.
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  /** Resolved data folder (from --data-dir, VIRTLAB_DATA_DIR or the user-data default). */
  dataDir: string;
}

export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Returns the process exit code; throws only for bugs (reported as internal errors). */
  run(args: string[], io: CliIo): Promise<number>;
}
