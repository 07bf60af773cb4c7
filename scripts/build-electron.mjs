// Bundles the Electron shell: main process as ESM, preload as CommonJS (sandboxed preloads cannot load ESM).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
const nativeOrElectron = ['electron', 'better-sqlite3', 'ssh2', 'cpu-features'];

await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist/electron/main.js',
  format: 'esm',
  external: nativeOrElectron,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] });
console.log('electron shell built into dist/electron/');
