// Asks the user (through an injected prompt: terminal, UI dialog) and remembers the answer for this process.
import { Secret, toSecret } from './secret.ts';
import { assertSecretName, type SecretStore } from './secret-store.ts';

export interface SecretPrompt {
  /** Resolves with the value, or undefined if the user cancelled. */
  (q: { name: string; label: string }): Promise<string | Secret | undefined>;
}

/** A human label for a secret name, shown in the prompt. */
export function describeSecretName(name: string): string {
  const m = /^(host|key):(.*):(password|passphrase)$/.exec(name);
  if (m?.[1] === 'host') return `Password for host ${m[2]}`;
  if (m?.[1] === 'key') return `Passphrase for key ${m[2]}`;
  if (name.startsWith('sudo:')) return `sudo password on ${name.slice(5)}`;
  return `Secret ${name}`;
}

export function createPromptSecretStore(prompt: SecretPrompt): SecretStore {
  const cache = new Map<string, Secret>();
  // Parallel connections to one host ask once.
  const asking = new Map<string, Promise<Secret | undefined>>();
  return {
    kind: 'prompt',
    async get(name) {
      assertSecretName(name);
      const hit = cache.get(name);
      if (hit) return hit;
      let pending = asking.get(name);
      if (!pending) {
        pending = prompt({ name, label: describeSecretName(name) })
          .then((v) => {
            if (v === undefined) return undefined;
            const s = v instanceof Secret ? v : new Secret(v);
            cache.set(name, s);
            return s;
          })
          .finally(() => asking.delete(name));
        asking.set(name, pending);
      }
      return pending;
    },
    set: async (name, value) => {
      assertSecretName(name);
      cache.set(name, toSecret(value));
    },
    delete: async (name) => cache.delete(name),
    list: async () => [...cache.keys()].sort(),
  };
}
