// Inlines OpenSSH `Include` directives (the ssh-config package parses but does not follow them).
// Relative paths are relative to ~/.ssh, `~` is the home folder, and `*`/`?` may appear in the file name.
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { matchGlob } from '../ssh/known-hosts/host-pattern.ts';

const MAX_DEPTH = 16;
const INCLUDE = /^\s*include(?:\s*=\s*|\s+)(.+?)\s*$/i;

export async function inlineIncludes(text: string, homeDir: string, warnings: string[], depth = 0): Promise<string> {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const m = INCLUDE.exec(line);
    if (!m) {
      out.push(line);
      continue;
    }
    if (depth >= MAX_DEPTH) {
      warnings.push(`Include nested deeper than ${MAX_DEPTH}: ignored ${m[1]}`);
      continue;
    }
    for (const spec of splitArgs(m[1]!)) {
      for (const file of await resolveInclude(spec, homeDir)) {
        try {
          out.push(await inlineIncludes(await readFile(file, 'utf8'), homeDir, warnings, depth + 1));
        } catch (e) {
          warnings.push(`Include ${file}: ${(e as Error).message}`);
        }
      }
    }
  }
  return out.join('\n');
}

function splitArgs(s: string): string[] {
  return [...s.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

async function resolveInclude(spec: string, homeDir: string): Promise<string[]> {
  let path = spec.startsWith('~/') ? join(homeDir, spec.slice(2)) : spec;
  if (!isAbsolute(path)) path = join(homeDir, '.ssh', path);
  const name = basename(path);
  if (!/[*?]/.test(name)) return [path];
  const dir = dirname(path);
  const entries = await readdir(dir).catch(() => [] as string[]);
  // OpenSSH reads glob matches in lexical order.
  return entries
    .filter((e) => !e.startsWith('.') && matchGlob(name, e))
    .sort()
    .map((e) => join(dir, e));
}
