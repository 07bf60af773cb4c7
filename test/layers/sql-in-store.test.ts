// Proves the rule "SQL lives in main/store/ only" bites: a planted better-sqlite3 import or SQL call outside
// main/store/ fails lint, the same code inside main/store/ passes.
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: root });

async function lintErrors(relativePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, relativePath) });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

const typeImport = "import type { Database } from '../store/database.ts';\n";
const planted: Array<[string, string]> = [
  ['a better-sqlite3 import', "import BetterSqlite3 from 'better-sqlite3';\nexport const open = () => new BetterSqlite3(':memory:');\n"],
  ['the Database type from better-sqlite3', "import type { Database } from 'better-sqlite3';\nexport type X = Database;\n"],
  ['a prepared statement', `${typeImport}export const n = (db: Database) => db.prepare('SELECT COUNT(*) FROM runs').get();\n`],
  ['a prepared statement from a variable', `${typeImport}const SQL = 'SELECT 1';\nexport const n = (db: Database) => db.prepare(SQL).get();\n`],
  ['SQL run with exec', `${typeImport}export const wipe = (db: Database) => db.exec(\`DELETE FROM metrics\`);\n`],
  ['a pragma', `${typeImport}export const v = (db: Database) => db.pragma('data_version', { simple: true });\n`],
  ['a transaction', `${typeImport}export const t = (db: Database, f: () => void) => db.transaction(f).immediate();\n`],
];

describe('SQL lives in main/store/ only (lint)', () => {
  for (const folder of ['campaigns', 'reports', 'core/handlers', 'runner/run-driver']) {
    for (const [what, code] of planted) {
      it(`refuses ${what} in main/${folder}/`, async () => {
        const depth = folder.split('/').length;
        const errors = await lintErrors(`main/${folder}/planted.ts`, code.replace('../store/', `${'../'.repeat(depth)}store/`));
        expect(errors.join('\n')).toMatch(/SQL lives in main\/store\/ only/);
      });
    }
  }

  it('allows the same code inside main/store/', async () => {
    for (const [, code] of planted) {
      expect(await lintErrors('main/store/queries/planted.ts', code.replace('../store/', '../'))).toEqual([]);
    }
  });

  it('allows the handle passed around outside main/store/, and calls that are not SQL', async () => {
    expect(
      await lintErrors(
        'main/reports/planted.ts',
        `${typeImport}import { listResultsCampaigns } from '../store/queries/results-campaigns.ts';\nexport const l = (db: Database) => listResultsCampaigns(db);\n`,
      ),
    ).toEqual([]);
    expect(
      await lintErrors(
        'main/runner/planted.ts',
        "export const p = (mpi: { prepare(a: string[]): void }, eps: string[]) => mpi.prepare(eps);\nexport const m = /x/.exec('x');\n",
      ),
    ).toEqual([]);
  });
});
