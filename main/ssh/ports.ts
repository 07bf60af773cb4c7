// The two things the session layer needs from elsewhere: secrets by reference, and a host key decision.

/** Reads a secret by reference (a SecretStore satisfies this). */
export interface SecretReader {
  get(ref: string): Promise<string | undefined>;
}

export type HostKeyDecision = { ok: true } | { ok: false; reason: string };

/** Decides whether `key` (the raw SSH host key blob) is the right key for address:port. */
export interface HostKeyCheck {
  check(target: { address: string; port: number }, key: Buffer): Promise<HostKeyDecision>;
}
