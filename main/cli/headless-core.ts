// The core as the CLI runs it: host key questions answered at the terminal, or first contact accepted and said;
// passwords asked at the terminal or taken from env:VAR references. Verification is never off.
import { startCore, type Core } from '../core/core.ts';
import { createChainedSecretStore } from '../secrets/chained-store.ts';
import { createEnvSecretStore } from '../secrets/env-store.ts';
import { createMemorySecretStore } from '../secrets/memory-store.ts';
import { createPromptSecretStore, describeSecretName } from '../secrets/prompt-store.ts';
import type { HostKeyPolicy } from '../ssh/host-key-verifier.ts';
import { hostKeyPolicies } from '../ssh/host-key-verifier.ts';
import type { CliIo } from './command.ts';
import { askSecret, askYesNo, isInteractive } from './terminal.ts';

export function parseHostKeyPolicy(value: string | undefined): HostKeyPolicy | undefined {
  if (value === undefined) return undefined;
  if (!(hostKeyPolicies as readonly string[]).includes(value)) throw new Error(`--host-keys takes ${hostKeyPolicies.join(', ')} (verification cannot be turned off).`);
  return value as HostKeyPolicy;
}

export function startHeadlessCore(io: CliIo, requested?: HostKeyPolicy): Core {
  const interactive = isInteractive();
  const policy: HostKeyPolicy = requested ?? (interactive ? 'ask' : 'accept-new');
  const stores = [createMemorySecretStore(), createEnvSecretStore(io.env)];
  if (interactive) stores.push(createPromptSecretStore(({ name }) => askSecret(describeSecretName(name))));
  const core = startCore({ dataDir: io.dataDir, host: 'bridge', hostKeyPolicy: policy, secrets: createChainedSecretStore(stores, stores[0]) });
  core.bus.subscribe((m) => {
    if (m.name === 'hosts.hostKeyNotice') io.err(`${m.payload.message}\n`);
    if (m.name === 'hosts.hostKeyPrompt') {
      const p = m.payload;
      void askYesNo(`The ${p.keyType} host key of ${p.host}:${p.port} is ${p.fingerprint}. Trust it and remember it?`).then((yes) => core.context.ssh.prompts.answer(p.requestId, yes));
    }
  });
  if (policy === 'accept-new') io.err(`Host keys: accept-new (unknown keys are recorded on first contact and reported; a changed key is always refused).\n`);
  return core;
}
