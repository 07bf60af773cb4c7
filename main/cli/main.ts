// The virtlab command line: global options, then one subcommand.
import { checkDataDir, DataDirError } from '../config/check-data-dir.ts';
import { resolveDataDir } from '../config/data-dir.ts';
import { coreVersion } from '../config/version.ts';
import { parseGlobalArgs } from './args.ts';
import type { CliIo } from './command.ts';
import { commands } from './commands/index.ts';
import { lazyCore } from './compose.ts';
import { terminalText } from './terminal-text.ts';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `virtlab ${coreVersion()}: measure what virtualization costs HPC workloads, relative to bare metal.`,
    '',
    'usage: virtlab [--data-dir DIR] <command> [args]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'The data folder defaults to VIRTLAB_DATA_DIR or the user-data folder.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const rawOut = io.out ?? ((t: string) => void process.stdout.write(t));
  const rawErr = io.err ?? ((t: string) => void process.stderr.write(t));
  const out = (t: string) => rawOut(terminalText(t));
  const err = (t: string) => rawErr(terminalText(t));
  let global;
  try {
    global = parseGlobalArgs(argv);
  } catch (error) {
    err(`${(error as Error).message}\n`);
    return 2;
  }
  if (global.help || !global.command) {
    out(usage());
    return global.help ? 0 : 2;
  }
  if (global.command === 'version' || global.command === '--version') {
    out(`${coreVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === global.command);
  if (!command) {
    err(`Unknown command "${global.command}".\n\n${usage()}`);
    return 2;
  }
  if (global.rest.includes('--help') || global.rest.includes('-h')) {
    out(`${command.summary}\nusage: ${command.usage}\n`);
    return 0;
  }
  const env = io.env ?? process.env;
  const dataDir = io.dataDir ?? resolveDataDir(global.dataDir, env);
  try {
    checkDataDir(dataDir);
  } catch (error) {
    const message = (error as Error).message;
    err(`${error instanceof DataDirError ? message : `Data folder ${dataDir} cannot be checked: ${message}`}\n`);
    return 2;
  }
  const composed = lazyCore({ err, env, dataDir });
  try {
    return await command.run(global.rest, { out, err, env, dataDir, core: composed.core, client: composed.client });
  } finally {
    await composed.close();
  }
}
