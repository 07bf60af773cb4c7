// The one place remote command lines are built. OpenSSH hands the remote side a single string that the
// user's login shell parses, so every argument is quoted for a POSIX shell (sh, dash, bash, ksh, zsh).
// Single quotes make every byte literal; a single quote itself is written as '\'' (close, escaped, reopen).

export class ShellQuoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellQuoteError';
  }
}

/** Characters that never mean anything to a POSIX shell in any position of a word. No '=' (assignment), no '~'. */
const BARE_WORD = /^[A-Za-z0-9_@%+:,./-]+$/;

/** Words a shell treats as syntax when unquoted in command position (POSIX plus bash/ksh/zsh extras). */
const RESERVED = new Set([
  'case',
  'do',
  'done',
  'elif',
  'else',
  'esac',
  'fi',
  'for',
  'function',
  'if',
  'in',
  'select',
  'then',
  'time',
  'until',
  'while',
  'coproc',
  'repeat',
  'foreach',
  'end',
  'nocorrect',
  'noglob',
]);

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes one argument so a POSIX shell reads it back as exactly this string. NUL cannot be carried: it throws. */
export function quoteArg(s: string): string {
  if (typeof s !== 'string') throw new ShellQuoteError(`shell argument must be a string, got ${typeof s}`);
  if (s.includes('\0')) throw new ShellQuoteError('shell argument contains a NUL byte, which no command line can carry');
  if (s === '') return "''";
  if (BARE_WORD.test(s) && !RESERVED.has(s)) return s;
  return `'${s.replaceAll("'", `'\\''`)}'`;
}

/** Builds a command line from an argv array; the remote shell splits it back into exactly this argv. */
export function toShellCommand(argv: readonly string[]): string {
  if (!Array.isArray(argv) || argv.length === 0) throw new ShellQuoteError('a command needs at least one argument (the program)');
  return argv.map(quoteArg).join(' ');
}

/** Checks an environment variable name: letters, digits and underscores, not starting with a digit. */
export function assertEnvName(name: string): void {
  if (!ENV_NAME.test(name))
    throw new ShellQuoteError(`invalid environment variable name ${JSON.stringify(name)}: use letters, digits and _ (not starting with a digit)`);
}

/** Like toShellCommand, with variables set for this command only (`NAME='value' prog args`). */
export function shellCommandWithEnv(env: Readonly<Record<string, string>>, argv: readonly string[]): string {
  const names = Object.keys(env);
  const assignments = names.map((name) => {
    assertEnvName(name);
    const value = env[name];
    if (typeof value !== 'string') throw new ShellQuoteError(`environment variable ${name} must be a string`);
    return `${name}=${quoteArg(value)}`;
  });
  const command = toShellCommand(argv);
  return assignments.length === 0 ? command : `${assignments.join(' ')} ${command}`;
}
