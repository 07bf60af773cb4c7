// scripts/setup.sh on a machine without Node's headers: it stops first, with one sentence naming the package and the retry.
// It runs from a copy of the scripts in a scratch folder, so that a setup which failed to stop could never touch this checkout.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');

function runSetup(nodedir: string) {
  const tree = mkdtempSync(join(tmpdir(), 'vl-setup-'));
  mkdirSync(join(tree, 'scripts'));
  for (const file of ['setup.sh', 'system-packages.txt']) copyFileSync(join(repo, 'scripts', file), join(tree, 'scripts', file));
  const r = spawnSync('bash', [join(tree, 'scripts', 'setup.sh')], { env: { ...process.env, npm_config_nodedir: nodedir }, encoding: 'utf8', timeout: 60_000 });
  return { ...r, tree };
}

// Where dpkg installed node, the sentence names the Debian package with the headers; elsewhere, Node's headers tarball.
const dpkgNode = spawnSync('dpkg-query', ['-S', realpathSync(process.execPath)]).status === 0;
const remedy = dpkgNode
  ? 'they come with the Debian package (libnode-dev|nodejs) \\(sudo apt-get install [^)]+\\), then retry with: npm_config_nodedir=/usr bash scripts/setup\\.sh'
  : 'unpack node-v[\\d.]+-headers\\.tar\\.gz .*, then retry with: npm_config_nodedir=THAT_FOLDER bash scripts/setup\\.sh';
const sentence = (dir: string) =>
  new RegExp(
    `^setup: stopped: Node ${process.versions.node.replaceAll('.', '\\.')}'s headers are not in ${dir}/include/node(?: \\(those there are Node [\\d.]+'s\\))?, and better-sqlite3 needs them to compile when its prebuilt binary cannot be downloaded; ${remedy}\\n$`,
  );

describe('setup.sh without Node headers', () => {
  it('stops with one sentence naming the Debian package and the command to retry, before doing anything', () => {
    const empty = mkdtempSync(join(tmpdir(), 'vl-nodedir-'));
    const r = runSetup(empty);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(sentence(empty));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    // Nothing was installed or built: the scratch tree holds only the copied scripts.
    expect(readdirSync(r.tree)).toEqual(['scripts']);
  });

  it('refuses headers of another Node version, and says which version they are', () => {
    const other = mkdtempSync(join(tmpdir(), 'vl-nodedir-'));
    mkdirSync(join(other, 'include', 'node'), { recursive: true });
    const major = Number(process.versions.node.split('.')[0]) - 2;
    writeFileSync(
      join(other, 'include', 'node', 'node_version.h'),
      `#define NODE_MAJOR_VERSION ${major}\n#define NODE_MINOR_VERSION 20\n#define NODE_PATCH_VERSION 4\n`,
    );
    const r = runSetup(other);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(sentence(other));
    expect(r.stderr).toContain(`(those there are Node ${major}.20.4's)`);
  });
});
