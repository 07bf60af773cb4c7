// Global options shared by every subcommand; the rest of argv goes to the subcommand untouched.
export interface GlobalArgs {
  dataDir?: string;
  help: boolean;
  command?: string;
  rest: string[];
}

export function parseGlobalArgs(argv: string[]): GlobalArgs {
  const out: GlobalArgs = { help: false, rest: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--data-dir') {
      const value = argv[++i];
      if (!value) throw new Error('--data-dir needs a folder.');
      out.dataDir = value;
    } else if (arg.startsWith('--data-dir=')) {
      out.dataDir = arg.slice('--data-dir='.length);
    } else if (arg === '-h' || arg === '--help') {
      out.help = true;
    } else {
      break;
    }
  }
  out.command = argv[i];
  out.rest = argv.slice(i + 1);
  return out;
}

/** `--name value`, `--name=value` and repeated `--param k=v` for subcommands. */
export function takeOption(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === `--${name}`) {
      const value = args[i + 1];
      args.splice(i, 2);
      return value;
    }
    if (arg.startsWith(`--${name}=`)) {
      args.splice(i, 1);
      return arg.slice(name.length + 3);
    }
  }
  return undefined;
}

export function takeFlag(args: string[], name: string): boolean {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return false;
  args.splice(at, 1);
  return true;
}
