// scripts/test.sh runs the lab files in two lanes at once. Two files on one lab instance (test/lab/instances.ts) in
// different lanes would bring it up, use it and take it down under each other, so every instance a lab file names
// (itself or through a constant a test-tree module exports) must belong to one lane; the shared instance is
// leased and may be used by both.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '..', '..');

/** The runtime lane's entries, as scripts/test.sh lists them (a folder ends with '/'). */
function runtimeEntries(): string[] {
  const line = /^runtime_files=\(([^)]*)\)$/m.exec(readFileSync(join(repo, 'scripts', 'test.sh'), 'utf8'));
  if (!line) throw new Error('scripts/test.sh has no runtime_files=(...) line');
  return line[1]!.trim().split(/\s+/);
}

function labFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return labFiles(path);
    return e.name.endsWith('.lab.test.ts') ? [relative(repo, path)] : [];
  });
}

/** LAB_INSTANCES.<name> in a file, and the instances it uses through a test-tree module that exports one as a
 *  constant (e.g. test/main/ssh/support/lab.ts: `export const faultLab = LAB_INSTANCES.sshFaults`). */
function instancesOf(file: string): Set<string> {
  const text = readFileSync(join(repo, file), 'utf8');
  const names = [...text.matchAll(/LAB_INSTANCES\.(\w+)/g)].map((m) => m[1]!);
  for (const m of text.matchAll(/from '(\.{1,2}\/[^']+\.ts)'/g)) {
    const path = resolve(repo, dirname(file), m[1]!);
    if (!path.startsWith(join(repo, 'test')) || !existsSync(path)) continue;
    for (const e of readFileSync(path, 'utf8').matchAll(/export const (\w+)(?::[^=]+)? = LAB_INSTANCES\.(\w+)/g)) {
      if (new RegExp(`\\b${e[1]}\\b`).test(text)) names.push(e[2]!);
    }
  }
  return new Set(names.filter((n) => n !== 'shared'));
}

describe('lab lanes of the test command', () => {
  const entries = runtimeEntries();
  const files = labFiles(join(repo, 'test'));
  const inRuntimeLane = (f: string) => entries.some((e) => (e.endsWith('/') ? f.startsWith(e) : f === e));

  it('lists only paths that exist', () => {
    expect(entries.filter((e) => !existsSync(join(repo, e)))).toEqual([]);
  });

  it('keeps every lab instance in one lane', () => {
    const lanes = new Map<string, Set<string>>();
    for (const f of files) {
      for (const name of instancesOf(f)) {
        const seen = lanes.get(name) ?? new Set<string>();
        seen.add(inRuntimeLane(f) ? 'runtimes' : 'hosts');
        lanes.set(name, seen);
      }
    }
    const split = [...lanes].filter(([, l]) => l.size > 1).map(([name]) => `${name}: ${files.filter((f) => instancesOf(f).has(name)).join(', ')}`);
    expect(split).toEqual([]);
    // The check sees the instances: the Slurm files name theirs.
    expect(lanes.get('slurm')).toBeDefined();
  });
});
