// The served UI's passwords: encrypted on disk with the user's passphrase, or memory only; never plain text.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bridgeSecretStore } from '../../../main/cli/bridge-secrets.ts';

const io = (dataDir: string, env: Record<string, string>) => {
  const lines: string[] = [];
  return { lines, io: { out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t), env, dataDir } };
};

describe('bridge secrets', () => {
  it('keeps passwords encrypted across restarts when a passphrase is given', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-bsec-'));
    const env = { VIRTLAB_SECRETS_PASSPHRASE: 'correct horse battery' };
    const first = await bridgeSecretStore(io(dir, env).io);
    await first.set('host:n1:password', 'pw-planted-4711');
    const again = await bridgeSecretStore(io(dir, env).io);
    expect((await again.get('host:n1:password'))?.reveal()).toBe('pw-planted-4711');
    expect(readFileSync(join(dir, 'secrets.enc')).includes(Buffer.from('pw-planted-4711'))).toBe(false);
    await expect(bridgeSecretStore(io(dir, { VIRTLAB_SECRETS_PASSPHRASE: 'wrong passphrase!' }).io)).rejects.toThrow();
  });

  it('says when passwords live in memory only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vl-bsec-'));
    const { io: i, lines } = io(dir, {});
    const store = await bridgeSecretStore(i);
    await store.set('host:n1:password', 'x');
    expect(lines.join('')).toMatch(/kept in memory until VirtLab stops/);
    expect(store.kind).toMatch(/memory/);
  });
});
