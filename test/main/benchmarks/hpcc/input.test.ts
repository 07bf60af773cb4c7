import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { hpccInput, processGrid } from '../../../../main/benchmarks/hpcc/input.ts';

describe('hpccInput', () => {
  it('chooses a P x Q grid with P <= Q for any rank count', () => {
    expect([1, 2, 3, 4, 6, 8, 9, 12].map(processGrid)).toEqual([
      { p: 1, q: 1 },
      { p: 1, q: 2 },
      { p: 1, q: 3 },
      { p: 2, q: 2 },
      { p: 2, q: 3 },
      { p: 2, q: 4 },
      { p: 3, q: 3 },
      { p: 3, q: 4 },
    ]);
  });

  it("is Debian's example file with the size, block size and grid of the run (and PTRANS at the same size)", () => {
    const lines = hpccInput(500, 64, 4).split('\n');
    const value = (what: string) => lines.find((l) => l.split(/\s+/).slice(1).join(' ') === what)?.split(/\s+/)[0];
    expect([value('Ns'), value('NBs'), value('Ps'), value('Qs'), value('values of N'), value('values of NB')]).toEqual(['500', '64', '2', '2', '500', '64']);
    // Every setting HPL reads by line number stays at the example's line.
    const example = '/usr/share/doc/hpcc/examples/_hpccinf.txt';
    const theirs = readFileSync(example, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(36);
    const ours = new Set([5, 7, 10, 11, 33, 35]);
    for (let i = 2; i < 36; i++) if (!ours.has(i)) expect(lines[i]!.split(/\s+/)[0], `line ${i + 1}`).toBe(theirs[i]!.split(/\s+/)[0]);
  });
});
