// The options `scenario run` and `campaign resume|cancel` share: what a campaign executes with. Only what the user
// gave is set, so a resume can tell an option given again from one left out.
import { createChainedSecretStore } from '../secrets/chained-store.ts';
import { createEnvSecretStore } from '../secrets/env-store.ts';
import { createMemorySecretStore } from '../secrets/memory-store.ts';
import { createPromptSecretStore, describeSecretName } from '../secrets/prompt-store.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { StartOptions } from '../campaigns/start-inputs.ts';
import { takeFlag, takeOption } from './args.ts';
import type { CliIo } from './command.ts';
import { askSecret, isInteractive } from './terminal.ts';

export const CAMPAIGN_OPTIONS_USAGE = '[--driver benchmark|command] [--command "<shell line>"] [--known-hosts FILE] [--npb-source TARBALL|URL] [--self-contained] [--poll-ms N]';

/** Takes the campaign options out of args; throws with a one-line message for a bad value. */
export function takeCampaignOptions(args: string[]): StartOptions {
  const driver = takeOption(args, 'driver');
  const command = takeOption(args, 'command');
  const knownHostsPath = takeOption(args, 'known-hosts');
  const npbSource = takeOption(args, 'npb-source');
  const selfContained = takeFlag(args, 'self-contained');
  const pollText = takeOption(args, 'poll-ms');
  const pollMs = pollText === undefined ? undefined : Number(pollText);
  if (pollMs !== undefined && (!Number.isInteger(pollMs) || pollMs <= 0)) throw new Error('--poll-ms takes a positive integer');
  return {
    ...(driver !== undefined ? { driver } : {}), ...(command !== undefined ? { command } : {}), ...(knownHostsPath !== undefined ? { knownHostsPath } : {}),
    ...(npbSource !== undefined ? { npbSource } : {}), ...(selfContained ? { selfContained } : {}), ...(pollMs !== undefined ? { pollMs } : {}),
  };
}

/** Where a campaign run from the terminal finds passwords: env:VAR references, or asked at a terminal. */
export function cliSecrets(io: CliIo): SecretStore {
  const stores = [createMemorySecretStore(), createEnvSecretStore(io.env)];
  if (isInteractive()) stores.push(createPromptSecretStore(({ name }) => askSecret(describeSecretName(name))));
  return createChainedSecretStore(stores, stores[0]);
}
