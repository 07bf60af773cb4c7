import { describe, expect, it } from 'vitest';
import { createChainedSecretStore } from '../../../main/secrets/chained-store.ts';
import { createEnvSecretStore } from '../../../main/secrets/env-store.ts';
import { createMemorySecretStore } from '../../../main/secrets/memory-store.ts';
import { createPromptSecretStore } from '../../../main/secrets/prompt-store.ts';
import { Secret } from '../../../main/secrets/secret.ts';
import { secretNames, SecretStoreError } from '../../../main/secrets/secret-store.ts';

describe('memory store', () => {
  it('gets, sets, deletes and lists names only', async () => {
    const s = createMemorySecretStore({ [secretNames.sudo('node01')]: 'pw1' });
    await s.set(secretNames.hostPassword('node02'), 'pw2');
    await s.set(secretNames.keyPassphrase('/root/.ssh/id ed25519'), new Secret('pp'));
    expect((await s.get('sudo:node01'))?.reveal()).toBe('pw1');
    expect(await s.list()).toEqual(['host:node02:password', 'key:/root/.ssh/id ed25519:passphrase', 'sudo:node01']);
    expect(await s.delete('sudo:node01')).toBe(true);
    expect(await s.delete('sudo:node01')).toBe(false);
    expect(await s.get('sudo:node01')).toBeUndefined();
    await expect(s.set('bad\nname', 'x')).rejects.toThrow(SecretStoreError);
    await expect(s.set('', 'x')).rejects.toThrow(/invalid secret name/);
  });
});

describe('env store', () => {
  it('reads only the variable the user named, and is read-only', async () => {
    const s = createEnvSecretStore({ NODE_PW: 'from-env', OTHER: 'x' });
    expect((await s.get('env:NODE_PW'))?.reveal()).toBe('from-env');
    expect(await s.get('env:MISSING')).toBeUndefined();
    await expect(s.get('NODE_PW')).rejects.toThrow(/env:VARIABLE_NAME/);
    await expect(s.get('env:1BAD')).rejects.toThrow(SecretStoreError);
    await expect(s.set('env:NODE_PW', 'x')).rejects.toThrow(/read-only/);
    expect(await s.list()).toEqual([]);
  });
});

describe('prompt store', () => {
  it('asks once per name (even in parallel), caches per process, and forgets on delete', async () => {
    const asked: Array<{ name: string; label: string }> = [];
    const s = createPromptSecretStore(async (q) => {
      asked.push(q);
      await new Promise((r) => setTimeout(r, 10));
      return `answer-${q.name}`;
    });
    const got = await Promise.all([1, 2, 3].map(() => s.get('host:node01:password')));
    expect(got.map((g) => g?.reveal())).toEqual(Array(3).fill('answer-host:node01:password'));
    expect(asked).toEqual([{ name: 'host:node01:password', label: 'Password for host node01' }]);
    await s.get('key:/k/id:passphrase');
    expect(asked[1]?.label).toBe('Passphrase for key /k/id');
    expect(await s.list()).toEqual(['host:node01:password', 'key:/k/id:passphrase']);
    await s.delete('host:node01:password');
    await s.get('host:node01:password');
    expect(asked.length).toBe(3);
  });

  it('caches nothing when the user cancels', async () => {
    let calls = 0;
    const s = createPromptSecretStore(async () => {
      calls++;
      return undefined;
    });
    expect(await s.get('sudo:n1')).toBeUndefined();
    expect(await s.get('sudo:n1')).toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('chained store', () => {
  it('sends env: references to the env store and others down the chain', async () => {
    const mem = createMemorySecretStore({ 'sudo:n1': 'mem' });
    let prompted = 0;
    const prompt = createPromptSecretStore(async () => {
      prompted++;
      return 'typed';
    });
    const chain = createChainedSecretStore([mem, createEnvSecretStore({ PW: 'env' }), prompt]);
    expect((await chain.get('sudo:n1'))?.reveal()).toBe('mem');
    expect((await chain.get('env:PW'))?.reveal()).toBe('env');
    expect(await chain.get('env:NOPE')).toBeUndefined();
    expect(prompted).toBe(0);
    expect((await chain.get('sudo:n2'))?.reveal()).toBe('typed');
    await chain.set('host:h:password', 'x');
    expect((await mem.get('host:h:password'))?.reveal()).toBe('x');
    expect(await chain.list()).toEqual(['host:h:password', 'sudo:n1', 'sudo:n2']);
  });
});
