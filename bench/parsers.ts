// `npm run bench -- parsers`: every benchmark parser on long adversarial lines (built to make a backtracking
// regex blow up), timed; the target is under 1 s for each input. A time limit is a measurement, so it lives
// here and not in the unit suite (which checks only that each parse ends with metrics or a ParseError).
import { catalog } from '../main/benchmarks/catalog.ts';
import { adversarialTexts } from '../test/support/adversarial-text.ts';

const TARGET_MS = 1000;

export async function run(): Promise<object> {
  const rows: { parser: string; input: string; ms: number }[] = [];
  for (const b of catalog) {
    for (const text of adversarialTexts) {
      const t0 = performance.now();
      try {
        b.parse(text);
      } catch {
        /* ParseError or not: the unit suite judges the outcome */
      }
      rows.push({ parser: b.id, input: JSON.stringify(text.slice(0, 24)), ms: Math.round((performance.now() - t0) * 10) / 10 });
    }
  }
  for (const r of rows) console.log(`${r.parser.padEnd(12)} ${r.input.padEnd(32)} ${String(r.ms).padStart(8)} ms`);
  const worst = rows.reduce((a, b) => (b.ms > a.ms ? b : a));
  console.log(`worst: ${worst.parser} on ${worst.input}: ${worst.ms} ms (target < ${TARGET_MS} ms)`);
  return { inputs: rows.length, worstMs: worst.ms, worstParser: worst.parser, targetMs: TARGET_MS, met: worst.ms < TARGET_MS };
}
