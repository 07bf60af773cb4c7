// Benchmark dispatcher: `npm run bench -- <name>` runs bench/<name>.ts, whose run() returns one object,
// printed as a single JSON line, last, so scripts can read it with `tail -n 1`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const name = process.argv[2];
const here = dirname(fileURLToPath(import.meta.url));
const available = () => (name ? '' : 'usage: npm run bench -- <name>');

if (!name || !/^[a-z0-9-]+$/.test(name) || name === 'index' || !existsSync(join(here, `${name}.ts`))) {
  console.error(available() || `no benchmark named "${name ?? ''}" (expected bench/<name>.ts)`);
  process.exit(2);
}
const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { run?: () => Promise<object> };
if (typeof mod.run !== 'function') {
  console.error(`bench/${name}.ts does not export run()`);
  process.exit(2);
}
const result = await mod.run();
console.log(JSON.stringify({ bench: name, ...result }));
