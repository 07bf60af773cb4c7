// Resolves a secret through several stores in order: env references go to the env store, others to the first that has it.
import type { Secret } from './secret.ts';
import { SecretStoreError, type SecretStore } from './secret-store.ts';

export function createChainedSecretStore(stores: readonly SecretStore[], writeTo?: SecretStore): SecretStore {
  if (stores.length === 0) throw new SecretStoreError('a chained secret store needs at least one store');
  const target = writeTo ?? stores[0]!;
  return {
    kind: `chain(${stores.map((s) => s.kind).join(',')})`,
    async get(name): Promise<Secret | undefined> {
      const isEnvRef = name.startsWith('env:');
      for (const s of stores) {
        if ((s.kind === 'env') !== isEnvRef) continue;
        const v = await s.get(name);
        if (v !== undefined) return v;
      }
      return undefined;
    },
    set: (name, value) => target.set(name, value),
    async delete(name) {
      let any = false;
      for (const s of stores) if (s.kind !== 'env' && (await s.delete(name))) any = true;
      return any;
    },
    async list() {
      const all = await Promise.all(stores.map((s) => s.list()));
      return [...new Set(all.flat())].sort();
    },
  };
}
