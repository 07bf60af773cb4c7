// Proves the layer rules bite: planted violations make lint (and, for the renderer, typecheck) fail.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function lintErrors(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, relativePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer boundaries (lint)', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['main/core/planted.ts', "import { app } from 'electron';\nexport const x = app;\n", /only electron\/ may import electron/],
    ['main/ssh/planted.ts', "import 'electron/main';\n", /only electron\/ may import electron/],
    ['main/core/planted.ts', "import { App } from '../../renderer/src/shell/App.tsx';\nexport const x = App;\n", /must not import renderer/],
    ['main/contract/planted.ts', "import { join } from 'node:path';\nexport const x = join;\n", /shared with the renderer/],
    ['main/contract/planted.ts', "import { startCore } from '../core/core.ts';\nexport const x = startCore;\n", /imports only itself and zod/],
    ['main/contract/planted.ts', "import { npb } from '../benchmarks/npb/module.ts';\nexport const x = npb;\n", /imports only itself and zod/],
    ['main/benchmarks/planted.ts', "import { exec } from '../ssh/exec.ts';\nexport const x = exec;\n", /import only main\/benchmarks\/ and zod/],
    ['main/benchmarks/planted.ts', "import { createHash } from 'node:crypto';\nexport const x = createHash;\n", /reached by the contract/],
    ['renderer/src/planted.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", /browser sandbox/],
    ['renderer/src/planted.ts', "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n", /browser sandbox/],
    ['renderer/src/planted.ts', "import { startCore } from '../../main/core/core.ts';\nexport const x = startCore;\n", /only main\/contract/],
    ['renderer/src/planted.ts', "import { Client } from 'ssh2';\nexport const x = Client;\n", /browser sandbox/],
    ['electron/planted.ts', "import { App } from '../renderer/src/shell/App.tsx';\nexport const x = App;\n", /must not import renderer/],
  ];
  for (const [file, code, why] of cases) {
    it(`refuses ${code.split('\n')[0]} in ${file}`, async () => {
      const errors = await lintErrors(file, code);
      expect(errors.join('\n')).toMatch(why);
    });
  }

  it('allows what each layer may import', async () => {
    expect(
      await lintErrors('renderer/src/planted.ts', "import { procedures } from '../../main/contract/procedures.ts';\nexport const x = procedures;\n"),
    ).toEqual([]);
    expect(
      await lintErrors('main/contract/planted.ts', "import { benchmarkModules } from '../benchmarks/registry.ts';\nexport const x = benchmarkModules;\n"),
    ).toEqual([]);
    expect(await lintErrors('main/core/planted.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toEqual([]);
    expect(await lintErrors('electron/planted.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });
});

describe('folder rules of main/ (lint)', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'main/store/planted.ts',
      "import { createCampaignService } from '../campaigns/service.ts';\nexport const x = createCampaignService;\n",
      /main\/store\/ may import only main\/contract\/, main\/analysis\/.*not main\/campaigns\//,
    ],
    ['main/cli/commands/planted.ts', "import { openDatabase } from '../../store/open-database.ts';\nexport const x = openDatabase;\n", /not main\/store\//],
    ['main/cli/commands/planted.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n", /never opens a database/],
    [
      'main/cli/planted.ts',
      "import { createCampaignService } from '../campaigns/service.ts';\nexport const x = createCampaignService;\n",
      /not main\/campaigns\//,
    ],
    [
      'main/campaigns/planted.ts',
      "import { openBenchmarkDriver } from '../runner/run-driver/factory.ts';\nexport const x = openBenchmarkDriver;\n",
      /not main\/runner\//,
    ],
    ['main/reports/planted.ts', "import { startCore } from '../core/core.ts';\nexport const x = startCore;\n", /not main\/core\//],
    ['main/bridge/planted.ts', "import { createRepos } from '../store/repos/index.ts';\nexport const x = createRepos;\n", /not main\/store\//],
    ['main/ssh/planted.ts', "import { startBridge } from '../bridge/server.ts';\nexport const x = startBridge;\n", /not main\/bridge\//],
  ];
  for (const [file, code, why] of cases) {
    it(`refuses ${code.split('\n')[0]} in ${file}`, async () => {
      expect((await lintErrors(file, code)).join('\n')).toMatch(why);
    });
  }

  it('allows what each folder may import', async () => {
    expect(await lintErrors('main/cli/commands/planted.ts', "import type { Core } from '../../core/core.ts';\nexport type X = Core;\n")).toEqual([]);
    expect(await lintErrors('main/reports/planted.ts', "import type { CoreContext } from '../core/context.ts';\nexport type X = CoreContext;\n")).toEqual([]);
    expect(
      await lintErrors('main/core/handlers/planted.ts', "import { createRepos } from '../../store/repos/index.ts';\nexport const x = createRepos;\n"),
    ).toEqual([]);
  });
});

describe('import cycles (lint)', () => {
  const run = promisify(execFile);
  const check = join(root, 'scripts', 'check-cycles.mjs');

  it('is part of npm run lint', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.lint).toMatch(/&& node scripts\/check-cycles\.mjs( &&|$)/);
  });

  it('is followed in npm run lint by the formatter check over the whole tree', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.lint).toMatch(/&& prettier --check [^&]*\.$/);
  });

  it('fails on a planted cycle, naming its files, and passes once it is broken', async () => {
    const dir = mkdtempSync(join(root, 'main', '.planted-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'b.ts'), "import type { a } from './a.ts';\nexport const b = 1;\nexport type B = typeof a;\n");
      const failure = await run(process.execPath, [check], { cwd: root }).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toMatch(/import cycle among 2 files:\n.*\.planted-cycle-\w+\/a\.ts\n.*\.planted-cycle-\w+\/b\.ts/);
      writeFileSync(join(dir, 'b.ts'), 'export const b = 1;\n');
      await run(process.execPath, [check], { cwd: root });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('layer boundaries (typecheck)', () => {
  it("fails the renderer's typecheck on a planted import 'node:fs'", async () => {
    const dir = mkdtempSync(join(root, 'renderer', 'src', '.planted-'));
    try {
      writeFileSync(join(dir, 'planted.ts'), "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
      // A tsconfig that is the renderer's own plus the planted file.
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['./planted.ts'] }));
      const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
      const failure = await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--noEmit']).then(
        () => undefined,
        (error: { stdout: string }) => error.stdout,
      );
      expect(failure).toMatch(/Cannot find module 'node:fs'|TS2307/);
      // The same config without the violation compiles, so the failure is the import's.
      writeFileSync(join(dir, 'planted.ts'), "import { procedures } from '../../../main/contract/procedures.ts';\nexport const x = procedures;\n");
      await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--noEmit']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
