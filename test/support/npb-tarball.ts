// The NPB test tree (test/fixtures/npb) packed as a user's NPB source tarball: one top folder, build products left out.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** `edit` may change the copied tree before packing (e.g. plant a compile error). */
export function npbTestTarball(edit?: (topDir: string) => void): string {
  const stage = mkdtempSync(join(tmpdir(), 'vl-npb-src-'));
  const top = join(stage, 'NPB3.4-virtlab');
  mkdirSync(top);
  cpSync(resolve(import.meta.dirname, '..', 'fixtures', 'npb'), top, {
    recursive: true,
    filter: (src) => !/\.(o|mod|x)$/.test(src) && !src.endsWith('/config/make.def') && !/\/sys\/setparams$/.test(src) && !src.endsWith('README.md'),
  });
  edit?.(top);
  const out = join(stage, 'npb.tar');
  execFileSync('tar', ['-cf', out, '-C', stage, 'NPB3.4-virtlab']);
  return out;
}
