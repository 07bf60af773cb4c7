// Layer boundaries live here as lint errors, so that crossing one fails `npm run lint` and CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => [m, `node:${m}`, `${m}/*`, `node:${m}/*`]))];
const nodeOnlyPackages = ['better-sqlite3', 'ssh2', 'ssh-config', 'ws', 'tsx', 'yaml'];

const layerRule = (paths, patterns) => ['error', { paths, patterns }];
const msg = (why) => ({ message: why });

const mainPaths = [
  { name: 'electron', ...msg('main/ is the Node-only core: only electron/ may import electron.') },
  { name: 'react', ...msg('main/ has no UI: React belongs to renderer/.') },
  { name: 'react-dom', ...msg('main/ has no UI: React belongs to renderer/.') },
];
const mainPatterns = [
  { group: ['**/renderer/**', '**/electron/**'], message: 'main/ must not import renderer/ or electron/.' },
  { group: ['electron/*'], message: 'main/ is the Node-only core: only electron/ may import electron.' },
  // A backend's own files are reached through main/backends/registry.ts (or catalog.ts): nothing else names them.
  {
    group: ['**/backends/slurm/**', '**/backends/ssh/**'],
    message: 'reach an execution backend through main/backends/registry.ts (Node side) or catalog.ts (settings), never its own files.',
  },
];

// The rooms of main/ and which others each may enter, bottom up. A folder not listed under another is above it.
// contract/ has its own rule below (zod only). Type-only imports of core/ (its context) are allowed to the domain
// rooms; scripts/check-cycles.mjs (also in `npm run lint`) refuses any circle these leave possible.
const mainFolders = [
  'analysis',
  'benchmarks',
  'bridge',
  'campaigns',
  'cli',
  'config',
  'contract',
  'core',
  'facts',
  'hosts',
  'lab-model',
  'platforms',
  'reports',
  'runner',
  'scenarios',
  'secrets',
  'ssh',
  'store',
];
const domain = [
  'contract',
  'config',
  'analysis',
  'secrets',
  'ssh',
  'store',
  'facts',
  'hosts',
  'lab-model',
  'benchmarks',
  'platforms',
  'scenarios',
  'campaigns',
  'runner',
  'reports',
];
export const mayImport = {
  config: ['contract'],
  analysis: ['contract', 'benchmarks'],
  secrets: ['contract', 'config'],
  ssh: ['contract', 'config', 'secrets'],
  store: ['contract', 'analysis'],
  facts: ['contract', 'config', 'secrets', 'ssh'],
  hosts: ['contract', 'config', 'secrets', 'ssh'],
  'lab-model': ['contract', 'config', 'store', 'platforms'],
  // benchmarks/ is reached by the contract (the registry), so it stays pure: see layers.benchmarks.
  benchmarks: [],
  // platforms/: the providers (main/platforms/provider.ts). Their catalog and settings schemas are reached by the
  // contract, so those stay pure (layers.platformsPure); the rest runs commands on hosts, never the executor.
  platforms: ['contract', 'config', 'secrets', 'ssh'],
  scenarios: domain.filter((f) => !['reports', 'runner'].includes(f)),
  // campaigns/ defines what a run driver is; the runner implements it, so campaigns/ never reaches into runner/.
  campaigns: domain.filter((f) => !['reports', 'runner'].includes(f)),
  runner: domain.filter((f) => !['reports', 'scenarios'].includes(f)),
  reports: domain.filter((f) => !['runner', 'scenarios'].includes(f)),
  core: domain,
  // Transports and shells: clients of the core's handlers.
  bridge: ['contract', 'config', 'core'],
  cli: ['contract', 'config', 'core', 'bridge', 'secrets', 'ssh', 'hosts', 'benchmarks', 'runner', 'scenarios'],
};
const typeOnlyCore = new Set(['benchmarks', 'scenarios', 'campaigns', 'runner', 'reports']);
// Single files a room may use from one it may not enter. The executor classifies a driver's failures by the
// runner's error kinds (main/campaigns/blockers.ts).
const exceptions = { campaigns: { runner: ['errors.ts'] } };

// SQL lives in main/store/ only: elsewhere the database handle (type Database from main/store/database.ts) is only
// passed to the store's repositories and queries.
const SQL_ONLY_IN_STORE = 'SQL lives in main/store/ only: put the statement in a repository (main/store/repos/) or query (main/store/queries/) and call that.';
const sqlPaths = [{ name: 'better-sqlite3', message: SQL_ONLY_IN_STORE }];
export const sqlSyntax = [
  'error',
  // db.prepare('...'), db.pragma('...'): SQL text handed to a connection (exec only on a handle: RegExp has one too).
  { selector: 'CallExpression[callee.property.name=/^(prepare|pragma)$/][arguments.0.type=/^(Literal|TemplateLiteral)$/]', message: SQL_ONLY_IN_STORE },
  // db.prepare(SQL) on a handle named as one (db, this.db, deps.db, database).
  { selector: 'CallExpression[callee.property.name=/^(prepare|exec|pragma)$/][callee.object.name=/^(db|database)$/]', message: SQL_ONLY_IN_STORE },
  { selector: 'CallExpression[callee.property.name=/^(prepare|exec|pragma)$/][callee.object.property.name=/^(db|database)$/]', message: SQL_ONLY_IN_STORE },
  { selector: "CallExpression[callee.property.name='transaction']", message: SQL_ONLY_IN_STORE },
];
// Nothing outside main/backends/ switches on a backend's name: ask the registry (main/backends/registry.ts).
const BACKEND_BY_NAME = "no switch on an execution backend's name outside main/backends/: ask main/backends/registry.ts for what it does.";
const backendNameSyntax = [
  { selector: "BinaryExpression[operator=/^[!=]==?$/] > Literal[value='slurm']", message: BACKEND_BY_NAME },
  { selector: "SwitchCase > Literal[value='slurm']", message: BACKEND_BY_NAME },
];

/** Every name a benchmark is known by (module ids and the names runs are stored under); a test keeps this list equal
 * to the registry's (test/layers/benchmark-names.test.ts). */
export const BENCHMARK_NAMES = ['netperf', 'iozone', 'npb', 'npb-serial', 'npb-omp', 'npb-mpi', 'hpcc', 'hpcc-serial', 'hpcc-mpi'];
const NAME_RE = `/^(${BENCHMARK_NAMES.join('|')})$/`;
const ASK_THE_MODULE =
  "No branch on a benchmark's name outside main/benchmarks/<name>/ and the registry: ask its module (main/benchmarks/module.ts, main/runner/hand-runners.ts, a module's form).";
export const benchmarkNameSyntax = [
  // x === 'netperf', 'npb' !== y
  { selector: `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=${NAME_RE}]`, message: ASK_THE_MODULE },
  // case 'iozone':
  { selector: `SwitchCase > Literal.test[value=${NAME_RE}]`, message: ASK_THE_MODULE },
  // name.startsWith('npb'), names.includes('hpcc')
  { selector: `CallExpression[callee.property.name=/^(startsWith|endsWith|includes)$/] > Literal.arguments[value=${NAME_RE}]`, message: ASK_THE_MODULE },
];

export function folderRule(folder) {
  const allowed = new Set([folder, ...mayImport[folder]]);
  const forbidden = mainFolders.filter((f) => !allowed.has(f));
  const patterns = forbidden.map((f) => ({
    // A file in a subfolder is re-included with its folder first (gitignore rules), the folder's other files stay out.
    group: [
      `**/${f}/**`,
      ...(exceptions[folder]?.[f] ?? []).flatMap((file) => [
        ...(file.includes('/') ? [`!**/${f}/${file.slice(0, file.lastIndexOf('/'))}`] : []),
        `!**/${f}/${file}`,
      ]),
    ],
    message: `main/${folder}/ may import only ${mayImport[folder]
      .filter((a) => a !== folder)
      .map((a) => `main/${a}/`)
      .join(', ')} (eslint.config.js mayImport), not main/${f}/.`,
    ...(f === 'core' && typeOnlyCore.has(folder) ? { allowTypeImports: true } : {}),
  }));
  const paths =
    folder === 'cli'
      ? [{ name: 'better-sqlite3', message: `main/cli/ is a client of the core's handlers: it never opens a database. ${SQL_ONLY_IN_STORE}` }]
      : folder === 'store'
        ? []
        : sqlPaths;
  return layerRule([...mainPaths, ...paths], [...mainPatterns, ...patterns]);
}

export const layers = {
  // main/: Node-only core. No Electron, no UI.
  main: layerRule([...mainPaths, ...sqlPaths], mainPatterns),
  // main/contract/: shared with the renderer, so no Node and nothing outside the contract but zod.
  contract: layerRule(
    [...nodeBuiltins, ...nodeOnlyPackages, 'electron', 'react'].map((name) => ({
      name,
      message: 'main/contract/ is shared with the renderer: no Node, Electron or UI imports.',
    })),
    [
      {
        regex: '^\\.\\./(?!benchmarks/registry\\.ts$|platforms/catalog\\.ts$|backends/catalog\\.ts$)',
        message:
          'main/contract/ is flat and imports only itself and zod (and the pure registries: main/benchmarks/registry.ts, main/platforms/catalog.ts, main/backends/catalog.ts).',
      },
      { group: ['**/renderer/**', '**/electron/**'], message: 'main/contract/ is flat and imports only itself and zod.' },
    ],
  ),
  // main/benchmarks/: the benchmark modules the contract (and so the renderer) reaches: pure, zod only, no other room of main/.
  benchmarks: layerRule(
    [...nodeBuiltins, ...nodeOnlyPackages, 'electron', 'react'].map((name) => ({
      name,
      message: 'main/benchmarks/ is reached by the contract: no Node, Electron or UI imports (Node work goes to the backend, main/runner/).',
    })),
    [
      {
        group: [
          '**/renderer/**',
          '**/electron/**',
          '**/contract/**',
          '**/runner/**',
          '**/ssh/**',
          '**/store/**',
          '**/campaigns/**',
          '**/core/**',
          '**/scenarios/**',
          '**/analysis/**',
          '**/reports/**',
        ],
        message: 'main/benchmarks/ modules import only main/benchmarks/ and zod.',
      },
    ],
  ),
  // The platform catalog and each provider's settings schema: reached by the contract, so zod and each other only.
  platformsPure: layerRule(
    [...nodeBuiltins, ...nodeOnlyPackages, 'electron', 'react'].map((name) => ({
      name,
      message: 'main/platforms/catalog.ts and */settings.ts are reached by the contract: zod only.',
    })),
    [
      {
        regex: '^\\.\\./\\.\\./|^\\./(?!catalog\\.ts$|[a-z-]+/settings\\.ts$)|^\\.\\./(?!catalog\\.ts$|common/settings\\.ts$)|^\\.\\./\\.\\.',
        message: 'main/platforms/catalog.ts and */settings.ts import only each other (the container settings shared in common/settings.ts) and zod.',
      },
    ],
  ),
  // The backend catalog and each backend's settings schema: reached by the contract, so zod and each other only.
  backendsPure: layerRule(
    [...nodeBuiltins, ...nodeOnlyPackages, 'electron', 'react'].map((name) => ({
      name,
      message: 'main/backends/catalog.ts and */settings.ts are reached by the contract: zod only.',
    })),
    [
      {
        regex: '^\\./(?!catalog\\.ts$|demand\\.ts$|[a-z-]+/settings\\.ts$)|^\\.\\./(?!catalog\\.ts$|demand\\.ts$)|^\\.\\./\\.\\.',
        message: 'main/backends/catalog.ts and */settings.ts import only each other, demand.ts and zod.',
      },
    ],
  ),
  // renderer/: browser code. From main/ only the contract.
  renderer: layerRule(
    [...nodeBuiltins, ...nodeOnlyPackages, 'electron'].map((name) => ({
      name,
      message: 'renderer/ runs in a browser sandbox: no Node built-ins, Node-only packages or electron.',
    })),
    [
      { group: ['**/main/*', '!**/main/contract', '!**/main/contract/**'], message: 'renderer/ may import from main/ only main/contract/.' },
      { group: ['**/electron/**'], message: 'renderer/ must not import electron/.' },
    ],
  ),
  // electron/: the thin shell. Never the renderer's code.
  electron: layerRule([], [{ group: ['**/renderer/**'], message: 'electron/ must not import renderer/; it loads the built page.' }]),
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', '.lab/**', 'test/fixtures/npb/**', 'test/fixtures/outputs/**', 'renderer/dist/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['main/**/*.ts'], rules: { 'no-restricted-imports': layers.main } },
  // One no-restricted-syntax per file (a later config object replaces the rule's options): SQL, benchmark and backend names.
  {
    files: ['main/**/*.ts'],
    ignores: ['main/store/**', 'main/benchmarks/*/**', 'main/benchmarks/registry.ts'],
    rules: { 'no-restricted-syntax': [...sqlSyntax, ...benchmarkNameSyntax, ...backendNameSyntax] },
  },
  { files: ['main/backends/**/*.ts'], rules: { 'no-restricted-syntax': [...sqlSyntax, ...benchmarkNameSyntax] } },
  { files: ['main/benchmarks/*/**/*.ts', 'main/benchmarks/registry.ts'], rules: { 'no-restricted-syntax': sqlSyntax } },
  { files: ['main/store/**/*.ts', 'renderer/src/**/*.{ts,tsx}', 'electron/**/*.ts'], rules: { 'no-restricted-syntax': ['error', ...benchmarkNameSyntax] } },
  ...Object.keys(mayImport).map((folder) => ({ files: [`main/${folder}/**/*.ts`], rules: { 'no-restricted-imports': folderRule(folder) } })),
  { files: ['main/contract/**/*.ts'], rules: { 'no-restricted-imports': layers.contract } },
  { files: ['main/benchmarks/**/*.ts'], rules: { 'no-restricted-imports': layers.benchmarks } },
  { files: ['main/platforms/catalog.ts', 'main/platforms/*/settings.ts'], rules: { 'no-restricted-imports': layers.platformsPure } },
  { files: ['main/backends/catalog.ts', 'main/backends/demand.ts', 'main/backends/*/settings.ts'], rules: { 'no-restricted-imports': layers.backendsPure } },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'no-restricted-imports': layers.renderer, 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['electron/**/*.ts'], rules: { 'no-restricted-imports': layers.electron } },
);
