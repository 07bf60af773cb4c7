// Secrets the user keeps in environment variables and names explicitly: `env:VIRTLAB_SUDO` reads $VIRTLAB_SUDO.
// Read-only, and only names of the `env:` form: no other variable is ever exposed.
import { Secret } from './secret.ts';
import { SecretStoreError, type SecretStore } from './secret-store.ts';

const REF = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

export function parseEnvRef(name: string): string | undefined {
  return REF.exec(name)?.[1];
}

export function createEnvSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  const read = (name: string): string | undefined => {
    const variable = parseEnvRef(name);
    if (!variable) throw new SecretStoreError(`env secret references look like env:VARIABLE_NAME, got ${JSON.stringify(name.slice(0, 80))}`);
    return env[variable];
  };
  return {
    kind: 'env',
    get: async (name) => {
      const v = read(name);
      return v === undefined ? undefined : new Secret(v);
    },
    set: async () => {
      throw new SecretStoreError('environment secrets are read-only: set the variable before starting VirtLab');
    },
    delete: async () => {
      throw new SecretStoreError('environment secrets are read-only');
    },
    // Variables are not enumerated: that would reveal which env variables exist to whoever lists secrets.
    list: async () => [],
  };
}
