// Session-layer errors: one kind each, a message that names the target and never carries a secret.

export type SshErrorKind =
  | 'auth'
  | 'host-key'
  | 'timeout'
  | 'unreachable'
  | 'closed'
  | 'channel'
  | 'cancelled'
  | 'remote'
  | 'config'
  /** The TCP connection was accepted but the SSH handshake did not finish in time: a busy host, not a dead one. */
  | 'handshake-timeout';

export class SshError extends Error {
  constructor(
    readonly kind: SshErrorKind,
    message: string,
    readonly target?: string,
  ) {
    super(message);
    this.name = 'SshError';
  }
  /** Auth, host key and config errors will not heal by retrying. */
  get permanent(): boolean {
    return this.kind === 'auth' || this.kind === 'host-key' || this.kind === 'config';
  }
}
