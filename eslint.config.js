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

export const layers = {
  // main/: Node-only core. No Electron, no UI.
  main: layerRule(
    [{ name: 'electron', ...msg('main/ is the Node-only core: only electron/ may import electron.') },
     { name: 'react', ...msg('main/ has no UI: React belongs to renderer/.') },
     { name: 'react-dom', ...msg('main/ has no UI: React belongs to renderer/.') }],
    [{ group: ['**/renderer/**', '**/electron/**'], message: 'main/ must not import renderer/ or electron/.' },
     { group: ['electron/*'], message: 'main/ is the Node-only core: only electron/ may import electron.' }],
  ),
  // main/contract/: shared with the renderer, so no Node and nothing outside the contract but zod.
  contract: layerRule(
    [...nodeBuiltins, ...nodeOnlyPackages, 'electron', 'react'].map((name) => ({ name, message: 'main/contract/ is shared with the renderer: no Node, Electron or UI imports.' })),
    [{ group: ['../*', '**/renderer/**', '**/electron/**'], message: 'main/contract/ is flat and imports only itself and zod.' }],
  ),
  // renderer/: browser code. From main/ only the contract.
  renderer: layerRule(
    [...nodeBuiltins, ...nodeOnlyPackages, 'electron'].map((name) => ({ name, message: 'renderer/ runs in a browser sandbox: no Node built-ins, Node-only packages or electron.' })),
    [{ group: ['**/main/*', '!**/main/contract', '!**/main/contract/**'], message: 'renderer/ may import from main/ only main/contract/.' },
     { group: ['**/electron/**'], message: 'renderer/ must not import electron/.' }],
  ),
  // electron/: the thin shell. Never the renderer's code.
  electron: layerRule(
    [],
    [{ group: ['**/renderer/**'], message: 'electron/ must not import renderer/; it loads the built page.' }],
  ),
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**', '.lab/**', 'test/fixtures/npb/**', 'test/fixtures/outputs/**', 'renderer/dist/**'] },
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
  { files: ['main/contract/**/*.ts'], rules: { 'no-restricted-imports': layers.contract } },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { 'no-restricted-imports': layers.renderer, 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['electron/**/*.ts'], rules: { 'no-restricted-imports': layers.electron } },
);
