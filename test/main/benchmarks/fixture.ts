// Reads captured outputs from test/fixtures/outputs/<bench>/.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const outputsDir = fileURLToPath(new URL('../../fixtures/outputs/', import.meta.url));

export function fixture(bench: string, name: string): string {
  return readFileSync(`${outputsDir}${bench}/${name}`, 'utf8');
}

/** Names of the captured output files (not the .cmd notes) of one benchmark. */
export function fixtureNames(bench: string): string[] {
  try {
    return readdirSync(`${outputsDir}${bench}`)
      .filter((f) => !f.endsWith('.cmd'))
      .sort();
  } catch {
    return [];
  }
}

/** The first `n` lines of a text, as a truncated capture would look. */
export function firstLines(text: string, n: number): string {
  return text.split('\n').slice(0, n).join('\n');
}
