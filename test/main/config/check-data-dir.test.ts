// Runs the real CLI against data folders it must refuse: one clear stderr line naming the path, a non-zero exit, no
// stack trace, quickly (the time bound only catches a hang), and nothing created or changed there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../../../bin/virtlab.mjs');
const root = mkdtempSync(join(tmpdir(), 'virtlab-datadir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function runCli(dataDir: string) {
  const result = spawnSync(process.execPath, [bin, '--data-dir', dataDir, 'campaign', 'list'], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, VIRTLAB_DATA_DIR: '' },
  });
  expect(result.error, 'the CLI must answer, not hang').toBeUndefined();
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  return { status: result.status, lines };
}

function expectRefused(dataDir: string, named: string) {
  const { status, lines } = runCli(dataDir);
  expect(status).not.toBe(0);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(named);
  expect(lines.some((l) => /^\s+at /.test(l))).toBe(false);
  return lines[0];
}

describe('virtlab --data-dir refuses an unusable data folder', { timeout: 30_000 }, () => {
  it('refuses a regular file and leaves it as it was', () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'not a folder\n');
    expect(expectRefused(file, file)).toMatch(/not a folder/);
    expect(readFileSync(file, 'utf8')).toBe('not a folder\n');
  });

  it('refuses a corrupt virtlab.db with its path and reason, byte-identical afterwards', () => {
    const dir = join(root, 'corrupt');
    mkdirSync(dir);
    const db = join(dir, 'virtlab.db');
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));
    writeFileSync(db, garbage);
    expect(expectRefused(dir, db)).toMatch(/not a SQLite database/);
    expect(readFileSync(db).equals(garbage)).toBe(true);
    expect(readdirSync(dir)).toEqual(['virtlab.db']);
  });

  it.runIf(existsSync('/proc/self'))('refuses /proc/self (a pseudo filesystem) without writing there', () => {
    expect(expectRefused('/proc/self', '/proc/self')).toMatch(/pseudo filesystem/);
  });

  it.runIf(existsSync('/sys/kernel'))('refuses a folder under /sys', () => {
    expect(expectRefused('/sys/kernel/virtlab', '/sys/kernel/virtlab')).toMatch(/pseudo filesystem/);
  });
});
