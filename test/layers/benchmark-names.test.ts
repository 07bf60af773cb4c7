// Proves the rule that keeps knowledge of a benchmark in its module: a branch on a benchmark's name anywhere else in
// main/, renderer/ or electron/ fails lint; inside main/benchmarks/<name>/ and the registry it is allowed.
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { allModules } from '../../main/benchmarks/registry.ts';

const root = resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });
const ASK = /No branch on a benchmark's name/;

async function lintErrors(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, relativePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const branches = [
  "export const f = (b: string) => (b === 'netperf' ? 1 : 0);\n",
  "export const f = (b: string) => 'iozone' !== b;\n",
  "export function f(b: string) { switch (b) { case 'npb-mpi': return 1; default: return 0; } }\n",
  "export const f = (b: string) => b.startsWith('npb');\n",
  "export const f = (names: string[]) => names.includes('hpcc');\n",
];

describe("no branch on a benchmark's name outside its module", () => {
  it('knows every name the registry knows (module ids and stored run names)', async () => {
    // The lint config is plain JavaScript without types: its list is read as data.
    const config: string = '../../eslint.config.js';
    const { BENCHMARK_NAMES } = (await import(config)) as { BENCHMARK_NAMES: string[] };
    const names = allModules().flatMap((m) => [m.id, ...m.runNames]);
    expect([...new Set(names)].sort()).toEqual([...BENCHMARK_NAMES].sort());
  });

  for (const file of [
    'main/cli/commands/planted.ts',
    'main/scenarios/planted.ts',
    'main/store/planted.ts',
    'main/benchmarks/planted.ts',
    'renderer/src/pages/planted.tsx',
    'electron/planted.ts',
  ]) {
    it(`refuses each kind of branch in ${file}`, async () => {
      for (const code of branches) expect((await lintErrors(file, code)).join('\n'), code).toMatch(ASK);
    });
  }

  it('keeps the SQL rule where both apply', async () => {
    expect(
      (await lintErrors('main/campaigns/planted.ts', "export const f = (db: { prepare(s: string): unknown }) => db.prepare('SELECT 1');\n")).join('\n'),
    ).toMatch(/SQL lives in main\/store\/ only/);
  });

  it('allows it inside a module and in the registry, and allows other strings anywhere', async () => {
    for (const code of branches) {
      expect(await lintErrors('main/benchmarks/npb/planted.ts', code)).toEqual([]);
      expect(await lintErrors('main/benchmarks/registry.ts', code)).toEqual([]);
    }
    expect(await lintErrors('main/cli/commands/planted.ts', "export const f = (b: string) => b === 'native' || b.startsWith('vl-');\n")).toEqual([]);
  });
});
