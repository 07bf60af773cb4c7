// The core's one way to reach endpoints: its own known_hosts, a host key verifier whose 'ask' questions go to the UI
// as events, the secret store, and a pool of connections shared by every feature.
import { knownHostsFile } from '../config/data-dir.ts';
import { createHostKeyPromptBroker, type HostKeyPromptBroker } from '../ssh/host-key-prompts.ts';
import { createHostKeyVerifier, type HostKeyPolicy, type HostKeyVerifier } from '../ssh/host-key-verifier.ts';
import { KnownHostsFile } from '../ssh/known-hosts/known-hosts-file.ts';
import { SshPool } from '../ssh/pool.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { EventBus } from './event-bus.ts';

export interface SshServices {
  readonly knownHosts: KnownHostsFile;
  readonly verifier: HostKeyVerifier;
  readonly prompts: HostKeyPromptBroker;
  readonly secrets: SecretStore;
  readonly pool: SshPool;
  /** Handshake timeout in use (long enough for a person to answer a host key question under 'ask'). */
  readonly readyTimeoutMs: number;
  close(): Promise<void>;
}

export interface SshServicesOptions {
  dataDir: string;
  bus: EventBus;
  secrets: SecretStore;
  /** 'ask' for a UI that answers prompts; headless first contact uses 'accept-new' and says so. Never off. */
  hostKeyPolicy: HostKeyPolicy;
  /** ssh2's handshake timeout; an 'ask' question must fit inside it. */
  readyTimeoutMs?: number;
}

export function createSshServices(options: SshServicesOptions): SshServices {
  const { bus } = options;
  const knownHosts = new KnownHostsFile(knownHostsFile(options.dataDir));
  const prompts = createHostKeyPromptBroker({
    emit: (e) =>
      bus.emit('hosts.hostKeyPrompt', {
        requestId: e.requestId,
        host: e.host,
        port: e.port,
        keyType: e.keyType,
        fingerprint: e.fingerprint,
        otherKnownTypes: e.otherKnownTypes ?? [],
        expiresAt: e.expiresAt,
      }),
  });
  const verifier = createHostKeyVerifier({
    knownHosts,
    policy: options.hostKeyPolicy,
    confirm: (q) => prompts.confirm(q),
    onEvent: (e) => {
      if (e.type === 'first-contact' || e.type === 'refused') {
        const message =
          e.type === 'refused'
            ? e.message
            : `First contact with ${e.facts.host}:${e.facts.port}: recorded its ${e.facts.keyType} key ${e.facts.fingerprint} in ${e.facts.knownHostsPath}.`;
        bus.emit('hosts.hostKeyNotice', {
          host: e.facts.host,
          port: e.facts.port,
          keyType: e.facts.keyType,
          fingerprint: e.facts.fingerprint,
          kind: e.type,
          message,
        });
      }
    },
  });
  // A question to a person needs longer than ssh2's default 20 s handshake.
  const readyTimeoutMs = options.readyTimeoutMs ?? (options.hostKeyPolicy === 'ask' ? 150_000 : 20_000);
  const pool = new SshPool({ hostKeys: verifier, secrets: options.secrets, readyTimeoutMs });
  return { knownHosts, verifier, prompts, secrets: options.secrets, pool, readyTimeoutMs, close: () => pool.closeAll() };
}
