// A name -> sealed value file (the desktop keychain store keeps Electron safeStorage ciphertext in one): a file that
// cannot be read as such a map is refused and kept as it is, never taken for empty and overwritten, and names are
// plain keys of a Map (a JSON object would drop "__proto__" and answer "constructor" from its prototype).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Secret, toSecret } from './secret.ts';
import { assertSecretName, SecretStoreError, type SecretStore } from './secret-store.ts';

/** Seals and opens one value: Electron's safeStorage in the desktop shell. */
export interface Sealer {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function load(file: string): Map<string, string> {
  if (!existsSync(file)) return new Map();
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SecretStoreError(`${file} is corrupt (${(e as Error).message}); it is kept as it is: move it away to start an empty store`);
  }
  if (parsed === null || typeof parsed !== 'object') throw new SecretStoreError(`${file} is corrupt (not a map of sealed secrets); it is kept as it is`);
  // An object of name -> sealed value, read through its own keys only (JSON.parse and Object.fromEntries make
  // "__proto__" an own key like any other).
  if (Array.isArray(parsed)) throw new SecretStoreError(`${file} is corrupt (not a map of sealed secrets); it is kept as it is`);
  const pairs = Object.entries(parsed as object);
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const [name, sealed] = Array.isArray(pair) ? (pair as unknown[]) : [];
    if (typeof name !== 'string' || typeof sealed !== 'string' || !BASE64.test(sealed))
      throw new SecretStoreError(`${file} is corrupt (an entry is not a name and a sealed value); it is kept as it is`);
    map.set(name, sealed);
  }
  return map;
}

export function createSealedFileStore(file: string, sealer: Sealer, kind = 'os-keychain'): SecretStore {
  const save = (sealed: Map<string, string>): void => {
    writeFileSync(`${file}.tmp`, JSON.stringify(Object.fromEntries(sealed)), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  return {
    kind,
    async get(name) {
      assertSecretName(name);
      const blob = load(file).get(name);
      return blob === undefined ? undefined : new Secret(sealer.open(Buffer.from(blob, 'base64')));
    },
    async set(name, value) {
      assertSecretName(name);
      const sealed = load(file);
      sealed.set(name, sealer.seal(toSecret(value).reveal()).toString('base64'));
      save(sealed);
    },
    async delete(name) {
      const sealed = load(file);
      if (!sealed.delete(name)) return false;
      save(sealed);
      return true;
    },
    async list() {
      return [...load(file).keys()];
    },
  };
}
