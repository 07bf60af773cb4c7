// Running commands as root: directly when already root, `sudo -n` when passwordless, otherwise the password
// goes to `sudo -S -p ''` on stdin from the SecretStore (never on a command line, never in output or errors).
import { SshError } from './errors.ts';
import { exec, type ExecOptions, type ExecResult } from './exec.ts';
import type { ChannelHost } from './pool.ts';
import type { SecretReader } from './ports.ts';

export type SudoMode = 'root' | 'passwordless' | 'password' | 'absent';

const DETECT = [
  'if [ "$(id -u)" = 0 ]; then echo root',
  'elif ! command -v sudo >/dev/null 2>&1; then echo absent',
  'elif sudo -n true >/dev/null 2>&1; then echo passwordless',
  'else echo password; fi',
].join('\n');

export async function detectSudo(host: ChannelHost): Promise<SudoMode> {
  const r = await exec(host, ['sh', '-c', DETECT], { timeoutMs: 20_000 });
  const mode = r.stdout.trim();
  if (r.code !== 0 || !['root', 'passwordless', 'password', 'absent'].includes(mode)) {
    throw new SshError('remote', `cannot tell how to become root on ${host.label}: ${r.stderr.trim() || `exit ${r.code}`}`, host.label);
  }
  return mode as SudoMode;
}

export interface SudoOptions extends ExecOptions {
  /** Known mode (from detectSudo), to save a round trip. */
  mode?: SudoMode;
  secrets?: SecretReader;
  /** Secret name of the sudo password, needed when the mode is 'password'. */
  passwordRef?: string;
}

/** Runs argv as root on the host. */
export async function execAsRoot(host: ChannelHost, argv: readonly string[], opts: SudoOptions = {}): Promise<ExecResult> {
  const { mode: known, secrets, passwordRef, ...execOpts } = opts;
  const mode = known ?? (await detectSudo(host));
  switch (mode) {
    case 'root':
      return exec(host, argv, execOpts);
    case 'passwordless':
      return exec(host, ['sudo', '-n', '--', ...argv], execOpts);
    case 'absent':
      throw new SshError('config', `sudo is not installed on ${host.label} and the user is not root`, host.label);
    case 'password': {
      const secret = passwordRef && secrets ? await secrets.get(passwordRef) : undefined;
      if (!secret)
        throw new SshError('config', `sudo on ${host.label} needs a password and no secret${passwordRef ? ` "${passwordRef}"` : ''} is available`, host.label);
      const rest = execOpts.stdin === undefined ? '' : execOpts.stdin;
      const stdin = Buffer.concat([Buffer.from(`${secret.reveal()}\n`), Buffer.from(rest)]);
      const r = await exec(host, ['sudo', '-S', '-p', '', '--', ...argv], { ...execOpts, stdin });
      if (r.code !== 0 && /incorrect password|Sorry, try again|a password is required/i.test(r.stderr)) {
        throw new SshError('auth', `sudo refused the password for ${host.label}`, host.label);
      }
      return r;
    }
  }
}
