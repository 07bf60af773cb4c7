// Secrets sealed by the OS keychain through Electron's safeStorage, kept as ciphertext in the user-data folder.
// On Linux without a keyring, safeStorage falls back to a hard-coded key ('basic_text'): that is obfuscation,
// so we refuse to persist there and the caller falls back to asking each session.
import { safeStorage } from 'electron';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, toSecret } from '../main/secrets/secret.ts';
import { assertSecretName, SecretStoreError, type SecretStore } from '../main/secrets/secret-store.ts';

type Sealed = Record<string, string>; // name -> base64 ciphertext

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
  const file = join(userDataDir, 'secrets.sealed.json');

  const load = (): Sealed => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Sealed;
    } catch {
      return {};
    }
  };
  const save = (sealed: Sealed): void => {
    writeFileSync(`${file}.tmp`, JSON.stringify(sealed), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };

  return {
    kind: 'os-keychain',
    async get(name) {
      assertSecretName(name);
      const blob = load()[name];
      return blob === undefined ? undefined : new Secret(safeStorage.decryptString(Buffer.from(blob, 'base64')));
    },
    async set(name, value) {
      assertSecretName(name);
      const sealed = load();
      sealed[name] = safeStorage.encryptString(toSecret(value).reveal()).toString('base64');
      save(sealed);
    },
    async delete(name) {
      const sealed = load();
      if (!(name in sealed)) return false;
      delete sealed[name];
      save(sealed);
      return true;
    },
    async list() {
      return Object.keys(load());
    },
  };
}
