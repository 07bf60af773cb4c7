// The core as the CLI composes it, once a process: host key questions answered at the terminal, or first contact
// accepted and said; passwords asked at the terminal or taken from env:VAR references (or, for `serve`, the served
// UI's store). Verification is never off. Commands only call its handlers (main/cli/commands/*).
import { startHeadlessCore } from '../bridge/headless-core.ts';
import type { Core } from '../core/core.ts';
import { createLocalClient } from '../core/local-client.ts';
import { createChainedSecretStore } from '../secrets/chained-store.ts';
import { createEnvSecretStore } from '../secrets/env-store.ts';
import { createMemorySecretStore } from '../secrets/memory-store.ts';
import { createPromptSecretStore, describeSecretName } from '../secrets/prompt-store.ts';
import type { HostKeyPolicy } from '../ssh/host-key-verifier.ts';
import { hostKeyPolicies } from '../ssh/host-key-verifier.ts';
import { bridgeSecretStore } from './bridge-secrets.ts';
import type { CliIo, CoreRequest } from './command.ts';
import { askSecret, askYesNo, isInteractive } from './terminal.ts';

export function parseHostKeyPolicy(value: string | undefined): HostKeyPolicy | undefined {
  if (value === undefined) return undefined;
  if (!(hostKeyPolicies as readonly string[]).includes(value))
    throw new Error(`--host-keys takes ${hostKeyPolicies.join(', ')} (verification cannot be turned off).`);
  return value as HostKeyPolicy;
}

type Io = Pick<CliIo, 'err' | 'env' | 'dataDir'>;

async function composeCore(io: Io, request: CoreRequest): Promise<Core> {
  if (request.served) {
    // The served UI answers host key prompts and keeps passwords itself.
    const secrets = await bridgeSecretStore(io, { quiet: request.served.quiet ?? false });
    return startHeadlessCore({ dataDir: io.dataDir, host: 'bridge', secrets });
  }
  if (!request.terminal) {
    return startHeadlessCore({ dataDir: io.dataDir, host: 'bridge', ...(request.campaigns ? { campaigns: request.campaigns } : {}) });
  }
  const interactive = isInteractive();
  const policy: HostKeyPolicy = request.terminal.hostKeyPolicy ?? (interactive ? 'ask' : 'accept-new');
  const stores = [createMemorySecretStore(), createEnvSecretStore(io.env)];
  if (interactive) stores.push(createPromptSecretStore(({ name }) => askSecret(describeSecretName(name))));
  const core = startHeadlessCore({
    dataDir: io.dataDir,
    host: 'bridge',
    hostKeyPolicy: policy,
    secrets: createChainedSecretStore(stores, stores[0]),
    ...(request.campaigns ? { campaigns: request.campaigns } : {}),
  });
  core.bus.subscribe((m) => {
    if (m.name === 'hosts.hostKeyNotice') io.err(`${m.payload.message}\n`);
    if (m.name === 'hosts.hostKeyPrompt') {
      const p = m.payload;
      void askYesNo(`The ${p.keyType} host key of ${p.host}:${p.port} is ${p.fingerprint}. Trust it and remember it?`).then((yes) =>
        core.context.ssh.prompts.answer(p.requestId, yes),
      );
    }
  });
  if (policy === 'accept-new' && !request.terminal.quiet)
    io.err(`Host keys: accept-new (unknown keys are recorded on first contact and reported; a changed key is always refused).\n`);
  return core;
}

/** One core for the process, composed on a command's first call and closed by main() when the command returns. */
export function lazyCore(io: Io): Pick<CliIo, 'core' | 'client'> & { close(): Promise<void> } {
  let started: Promise<Core> | undefined;
  const core = (request: CoreRequest = {}) => (started ??= composeCore(io, request));
  return {
    core,
    client: async (request) => createLocalClient((await core(request)).handlers),
    close: async () => {
      if (started) await (await started.catch(() => undefined))?.close();
    },
  };
}
