// Secrets sealed by the OS keychain through Electron's safeStorage, kept as ciphertext in the user-data folder.
// On Linux without a keyring, safeStorage falls back to a hard-coded key ('basic_text'): that is obfuscation,
// so we refuse to persist there and the caller falls back to asking each session.
import { safeStorage } from 'electron';
import { join } from 'node:path';
import { SecretStoreError, type SecretStore } from '../main/secrets/secret-store.ts';
import { createSealedFileStore } from '../main/secrets/sealed-file-store.ts';

export function safeStorageUsable(): { ok: true } | { ok: false; reason: string } {
  if (!safeStorage.isEncryptionAvailable()) return { ok: false, reason: 'the OS offers no encryption to Electron' };
  if (process.platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return { ok: false, reason: `no OS keyring (backend ${backend})` };
  }
  return { ok: true };
}

export function createSafeStorageSecretStore(userDataDir: string): SecretStore {
  const usable = safeStorageUsable();
  if (!usable.ok) throw new SecretStoreError(`Secrets cannot be stored encrypted here: ${usable.reason}.`);
  return createSealedFileStore(join(userDataDir, 'secrets.sealed.json'), {
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  });
}
