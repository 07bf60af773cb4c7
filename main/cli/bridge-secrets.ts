// Where the served UI's passwords go: an encrypted file unlocked by a passphrase the user gives in the environment,
// or this process's memory only (said at start). Never plain text on disk.
import { join } from 'node:path';
import { createChainedSecretStore } from '../secrets/chained-store.ts';
import { openEncryptedFileStore } from '../secrets/encrypted-file-store.ts';
import { createEnvSecretStore } from '../secrets/env-store.ts';
import { createMemorySecretStore } from '../secrets/memory-store.ts';
import { Secret } from '../secrets/secret.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { CliIo } from './command.ts';

export const SECRETS_PASSPHRASE_ENV = 'VIRTLAB_SECRETS_PASSPHRASE';

export async function bridgeSecretStore(io: Pick<CliIo, 'err' | 'env' | 'dataDir'>, { quiet = false } = {}): Promise<SecretStore> {
  const env = createEnvSecretStore(io.env);
  const passphrase = io.env[SECRETS_PASSPHRASE_ENV];
  if (!passphrase) {
    if (!quiet) io.err(`Passwords you enter are kept in memory until VirtLab stops; set ${SECRETS_PASSPHRASE_ENV} to keep them in an encrypted file.\n`);
    const memory = createMemorySecretStore();
    return createChainedSecretStore([memory, env], memory);
  }
  const file = await openEncryptedFileStore({ path: join(io.dataDir, 'secrets.enc'), passphrase: new Secret(passphrase), create: true });
  return createChainedSecretStore([file, env], file);
}
