// Where the desktop app keeps passwords: sealed by the OS keychain (Electron's safeStorage) when the OS offers one,
// otherwise this process's memory only, said once. env:VAR references resolve either way.
import { createChainedSecretStore } from '../main/secrets/chained-store.ts';
import { createEnvSecretStore } from '../main/secrets/env-store.ts';
import { createMemorySecretStore } from '../main/secrets/memory-store.ts';
import type { SecretStore } from '../main/secrets/secret-store.ts';
import { createSafeStorageSecretStore, safeStorageUsable } from './safe-storage-secret-store.ts';

export function shellSecretStore(dataDir: string, notice: (message: string) => void): SecretStore {
  const env = createEnvSecretStore();
  const usable = safeStorageUsable();
  if (usable.ok) {
    const keychain = createSafeStorageSecretStore(dataDir);
    return createChainedSecretStore([keychain, env], keychain);
  }
  notice(`Passwords you enter are kept in memory until VirtLab quits: ${usable.reason}.`);
  const memory = createMemorySecretStore();
  return createChainedSecretStore([memory, env], memory);
}
