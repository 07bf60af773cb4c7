// Decides whether to trust the key a host presents, against the app's own known_hosts file.
// There is deliberately no policy that skips verification, and a changed key is refused under every policy.
import { HostKeyDeclinedError, HostKeyError, HostKeyMismatchError, HostKeyRevokedError, HostKeyUnknownError, type HostKeyFacts } from './host-key-errors.ts';
import { fingerprintSha256, keyTypeOfBlob } from './known-hosts/key-blob.ts';
import type { KnownHostsFile } from './known-hosts/known-hosts-file.ts';

export type HostKeyPolicy = 'strict' | 'ask' | 'accept-new';
export const hostKeyPolicies: readonly HostKeyPolicy[] = ['strict', 'ask', 'accept-new'];

export interface HostKeyQuestion {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  /** Key types already on record for this host (then a new type deserves a closer look). */
  otherKnownTypes: string[];
}

export type Decision =
  | { ok: true; facts: HostKeyFacts; how: 'known' | 'first-contact' | 'confirmed' }
  | { ok: false; facts: HostKeyFacts; how: 'changed' | 'revoked' | 'unknown' | 'declined' | 'error'; error: Error };

export type HostKeyEvent =
  | { type: 'verified'; facts: HostKeyFacts }
  /** accept-new recorded a key on first contact: worth a visible notice. */
  | { type: 'first-contact'; facts: HostKeyFacts }
  | { type: 'confirmed'; facts: HostKeyFacts }
  | { type: 'refused'; facts: HostKeyFacts; reason: string; message: string };

export interface HostKeyVerifierOptions {
  knownHosts: KnownHostsFile;
  policy: HostKeyPolicy;
  /** Required for 'ask': resolves true to trust and remember the key. */
  confirm?: (q: HostKeyQuestion) => Promise<boolean>;
  onEvent?: (e: HostKeyEvent) => void;
}

/** What ssh2's `hostVerifier` option accepts (arity 2: async), plus the decision once made. */
export interface Ssh2HostVerifier {
  (key: Buffer, verify: (ok: boolean) => void): void;
  /** The decision for this connection, once made. */
  readonly decision: Decision | undefined;
  /** Resolves with the decision (for awaiting after a failed connect). */
  readonly settled: Promise<Decision>;
  /** ssh2 reports only "Host denied (verification failed)": swap in our precise error when we refused. */
  explain(err: Error): Error;
}

export interface HostKeyVerifier {
  readonly policy: HostKeyPolicy;
  verify(host: string, port: number, keyBlob: Buffer): Promise<Decision>;
  forSsh2(host: string, port: number): Ssh2HostVerifier;
  /** The last decision made for host:port, so callers can explain a handshake failure. */
  lastDecision(host: string, port: number): Decision | undefined;
}

export function createHostKeyVerifier(options: HostKeyVerifierOptions): HostKeyVerifier {
  const { knownHosts, policy, confirm, onEvent } = options;
  if (!hostKeyPolicies.includes(policy)) throw new Error(`unknown host key policy ${JSON.stringify(policy)}: use strict, ask or accept-new`);
  if (policy === 'ask' && !confirm) throw new Error("host key policy 'ask' needs a confirm function");
  const last = new Map<string, Decision>();
  // One question or one write per (host, port, key) at a time: parallel connections share it.
  const inFlight = new Map<string, Promise<Decision>>();

  const emit = (e: HostKeyEvent): void => {
    try {
      onEvent?.(e);
    } catch {
      /* a listener must not change the decision */
    }
  };

  async function decide(host: string, port: number, key: Buffer, facts: HostKeyFacts): Promise<Decision> {
    const found = await knownHosts.lookup(host, port, key);
    if (found.status === 'match') return { ok: true, facts, how: 'known' };
    if (found.status === 'revoked') return { ok: false, facts, how: 'revoked', error: new HostKeyRevokedError(facts, found.stored.lineNo) };
    if (found.status === 'mismatch') return { ok: false, facts, how: 'changed', error: new HostKeyMismatchError(facts, found.stored) };
    const otherKnownTypes = [...new Set(found.otherTypes.map((s) => s.keyType))];
    if (policy === 'strict') {
      return {
        ok: false,
        facts,
        how: 'unknown',
        error: new HostKeyUnknownError(facts, `policy is strict; add it to ${facts.knownHostsPath} after checking it out of band`),
      };
    }
    if (policy === 'accept-new') {
      if (otherKnownTypes.length > 0) {
        // Not a first contact: a different key type appearing for a known host is not accepted silently.
        return {
          ok: false,
          facts,
          how: 'unknown',
          error: new HostKeyUnknownError(
            facts,
            `keys of type ${otherKnownTypes.join(', ')} are already on record for this host; offer those host key algorithms or confirm the new key explicitly`,
          ),
        };
      }
      await knownHosts.add(host, port, key);
      return { ok: true, facts, how: 'first-contact' };
    }
    let yes = false;
    try {
      yes = (await confirm!({ host, port, keyType: facts.keyType, fingerprint: facts.fingerprint, otherKnownTypes })) === true;
    } catch (e) {
      return { ok: false, facts, how: 'declined', error: new HostKeyDeclinedError(facts, `the question failed: ${(e as Error).message}`) };
    }
    if (!yes) return { ok: false, facts, how: 'declined', error: new HostKeyDeclinedError(facts) };
    await knownHosts.add(host, port, key);
    return { ok: true, facts, how: 'confirmed' };
  }

  async function verify(host: string, port: number, keyBlob: Buffer): Promise<Decision> {
    const base = { host, port, knownHostsPath: knownHosts.path };
    let facts: HostKeyFacts;
    try {
      facts = { ...base, keyType: keyTypeOfBlob(keyBlob), fingerprint: fingerprintSha256(keyBlob) };
    } catch (e) {
      const f = { ...base, keyType: 'unknown', fingerprint: fingerprintSha256(keyBlob) };
      return record(host, port, {
        ok: false,
        facts: f,
        how: 'error',
        error: new HostKeyError(f, `Host ${host} sent a malformed host key: ${(e as Error).message}`),
      });
    }
    const flightKey = `${host}\0${port}\0${facts.fingerprint}`;
    let pending = inFlight.get(flightKey);
    if (!pending) {
      pending = decide(host, port, keyBlob, facts)
        .catch((e: unknown): Decision => ({
          ok: false,
          facts,
          how: 'error',
          error: new HostKeyError(facts, `Could not verify the host key of ${host}: ${(e as Error).message}`),
        }))
        .finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, pending);
    }
    return record(host, port, await pending);
  }

  function record(host: string, port: number, d: Decision): Decision {
    last.set(`${host}:${port}`, d);
    if (d.ok) emit({ type: d.how === 'known' ? 'verified' : d.how, facts: d.facts });
    else emit({ type: 'refused', facts: d.facts, reason: d.how, message: d.error.message });
    return d;
  }

  function forSsh2(host: string, port: number): Ssh2HostVerifier {
    let decision: Decision | undefined;
    let resolveSettled!: (d: Decision) => void;
    const settled = new Promise<Decision>((r) => {
      resolveSettled = r;
    });
    // Must return undefined: ssh2 treats any other return value (a Promise included) as the answer.
    const fn = (key: Buffer, done: (ok: boolean) => void): void => {
      const settle = (d: Decision): void => {
        decision = d;
        resolveSettled(d);
        done(d.ok === true);
      };
      if (!Buffer.isBuffer(key)) {
        // ssh2 passes a hex digest instead of the key when `hostHash` is set: nothing to check it against.
        const facts = { host, port, keyType: 'unknown', fingerprint: 'unknown', knownHostsPath: knownHosts.path };
        settle(
          record(host, port, {
            ok: false,
            facts,
            how: 'error',
            error: new HostKeyError(facts, 'ssh2 passed a hashed host key: do not set hostHash together with this verifier'),
          }),
        );
        return;
      }
      verify(host, port, Buffer.from(key)).then(settle, (e: unknown) => {
        const facts = { host, port, keyType: 'unknown', fingerprint: 'unknown', knownHostsPath: knownHosts.path };
        settle({ ok: false, facts, how: 'error', error: new HostKeyError(facts, `Could not verify the host key of ${host}: ${(e as Error).message}`) });
      });
    };
    // defineProperty, not Object.assign: assign would copy the getter's current value (undefined) once.
    Object.defineProperty(fn, 'decision', { get: () => decision, enumerable: true });
    return Object.assign(fn, {
      settled,
      explain(err: Error): Error {
        return decision && !decision.ok ? decision.error : err;
      },
    }) as Ssh2HostVerifier;
  }

  return {
    policy,
    verify,
    forSsh2,
    lastDecision: (host, port) => last.get(`${host}:${port}`),
  };
}

export { HostKeyError, HostKeyMismatchError, HostKeyRevokedError, HostKeyUnknownError, HostKeyDeclinedError };
