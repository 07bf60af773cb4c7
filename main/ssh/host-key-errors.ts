// Errors for a refused host key. Each names the host and the fingerprints involved, never a secret.
import type { StoredKey } from './known-hosts/match.ts';

export interface HostKeyFacts {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  knownHostsPath: string;
}

const where = (f: HostKeyFacts): string => (f.port === 22 ? f.host : `${f.host} port ${f.port}`);

export class HostKeyError extends Error {
  constructor(
    readonly facts: HostKeyFacts,
    message: string,
  ) {
    super(message);
    this.name = 'HostKeyError';
  }
}

/** The host presented a different key than the one stored for it. Always refused; never overridable by policy. */
export class HostKeyMismatchError extends HostKeyError {
  constructor(
    facts: HostKeyFacts,
    readonly stored: readonly StoredKey[],
  ) {
    const was = stored.map((s) => `${s.keyType} ${s.fingerprint} (${facts.knownHostsPath} line ${s.lineNo})`).join(', ');
    super(
      facts,
      `HOST KEY CHANGED for ${where(facts)}: it presented ${facts.keyType} ${facts.fingerprint}, but the stored key is ${was}. ` +
        'This can mean someone is intercepting the connection, or the host was reinstalled. Connection refused. ' +
        'If you verified the new key out of band, remove the old entry and connect again.',
    );
    this.name = 'HostKeyMismatchError';
  }
}

export class HostKeyRevokedError extends HostKeyError {
  constructor(
    facts: HostKeyFacts,
    readonly lineNo: number,
  ) {
    super(
      facts,
      `Host key ${facts.keyType} ${facts.fingerprint} of ${where(facts)} is marked @revoked in ${facts.knownHostsPath} line ${lineNo}. Connection refused.`,
    );
    this.name = 'HostKeyRevokedError';
  }
}

/** Unknown key under the strict policy, or a key whose host has other key types on record. */
export class HostKeyUnknownError extends HostKeyError {
  constructor(facts: HostKeyFacts, detail: string) {
    super(facts, `Host key of ${where(facts)} is not known (${facts.keyType} ${facts.fingerprint}): ${detail}`);
    this.name = 'HostKeyUnknownError';
  }
}

export class HostKeyDeclinedError extends HostKeyError {
  constructor(facts: HostKeyFacts, detail = 'the user did not accept it') {
    super(facts, `Host key ${facts.keyType} ${facts.fingerprint} of ${where(facts)} was not accepted: ${detail}.`);
    this.name = 'HostKeyDeclinedError';
  }
}
