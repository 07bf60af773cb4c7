// Secrets held for this process only (the default for a session: nothing is persisted).
import { toSecret, type Secret } from './secret.ts';
import { assertSecretName, type SecretStore } from './secret-store.ts';

export function createMemorySecretStore(initial: Record<string, string | Secret> = {}): SecretStore {
  const values = new Map<string, Secret>();
  for (const [k, v] of Object.entries(initial)) {
    assertSecretName(k);
    values.set(k, toSecret(v));
  }
  return {
    kind: 'memory',
    get: async (name) => values.get(name),
    set: async (name, value) => {
      assertSecretName(name);
      values.set(name, toSecret(value));
    },
    delete: async (name) => values.delete(name),
    list: async () => [...values.keys()].sort(),
  };
}
