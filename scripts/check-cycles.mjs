// Fails when the product's modules import each other in a circle (main/, electron/, renderer/src/), type imports
// included: a circle makes load order matter and layers meaningless. Run by `npm run lint`.
// usage: node scripts/check-cycles.mjs [root...]   (default: main electron renderer/src)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts)$/;

function sourceFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Relative imports and re-exports of one file (static, dynamic and type-only), resolved to files that exist. */
function importsOf(file) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec))
    .flatMap((target) =>
      [target, `${target}.ts`, `${target}.tsx`, join(target, 'index.ts')].filter((p) => SOURCE.test(p) && existsSync(p) && statSync(p).isFile()).slice(0, 1),
    );
}

/** Strongly connected components of more than one file (or a file importing itself): Tarjan's algorithm, iterative. */
export function findCycles(roots) {
  const files = roots.flatMap((r) => sourceFiles(r));
  const edges = new Map(files.map((f) => [f, importsOf(f)]));
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const cycles = [];
  let next = 0;
  for (const start of files) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next);
    low.set(start, next);
    next++;
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const targets = edges.get(node) ?? [];
      if (i < targets.length) {
        frame[1]++;
        const t = targets[i];
        if (!edges.has(t)) continue; // outside the checked roots
        if (!index.has(t)) {
          index.set(t, next);
          low.set(t, next);
          next++;
          stack.push(t);
          onStack.add(t);
          work.push([t, 0]);
        } else if (onStack.has(t)) low.set(node, Math.min(low.get(node), index.get(t)));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const component = [];
        let m;
        do {
          m = stack.pop();
          onStack.delete(m);
          component.push(m);
        } while (m !== node);
        if (component.length > 1 || targets.includes(node)) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const args = process.argv.slice(2);
  const roots = (args.length ? args : ['main', 'electron', 'renderer/src']).map((r) => resolve(root, r));
  const cycles = findCycles(roots);
  for (const c of cycles) console.error(`import cycle among ${c.length} files:\n${c.map((f) => `  ${relative(process.cwd(), f)}`).join('\n')}`);
  if (cycles.length) {
    console.error(`${cycles.length} import cycle(s): break each by moving the shared part down a layer or injecting it.`);
    process.exit(1);
  }
}
