// Where credentials live. Names say what a secret unlocks, never its value:
//   host:<id>:password   key:<path>:passphrase   sudo:<host>   env:<VAR> (a reference the user makes to an env variable)
import type { Secret } from './secret.ts';

export interface SecretStore {
  /** A short label for messages, e.g. 'memory', 'env', 'prompt', 'encrypted-file', 'os-keychain'. */
  readonly kind: string;
  get(name: string): Promise<Secret | undefined>;
  set(name: string, value: Secret | string): Promise<void>;
  /** True when something was removed. */
  delete(name: string): Promise<boolean>;
  /** Names only, never values. */
  list(): Promise<string[]>;
}

export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

const hasControl = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** Names are free text (a key path may hold anything) but no control characters and not empty. */
export function assertSecretName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > 1024 || hasControl(name))
    throw new SecretStoreError(`invalid secret name ${JSON.stringify(String(name).slice(0, 80))}`);
}

export const secretNames = {
  hostPassword: (hostId: string): string => `host:${hostId}:password`,
  keyPassphrase: (keyPath: string): string => `key:${keyPath}:passphrase`,
  sudo: (host: string): string => `sudo:${host}`,
  env: (variable: string): string => `env:${variable}`,
};
