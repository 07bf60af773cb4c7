// Every parser, fed any text (random, or a real output cut or garbled at random), returns metrics or throws
// ParseError: never another exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../main/benchmarks/catalog.ts';
import { ParseError } from '../../../main/benchmarks/types.ts';
import { adversarialTexts } from '../../support/adversarial-text.ts';
import { fixture, fixtureNames } from './fixture.ts';

const samples = ['netperf', 'iozone', 'npb'].flatMap((b) =>
  fixtureNames(b)
    .filter((n) => n.endsWith('.txt'))
    .map((n) => fixture(b, n)),
);

function outcome(parse: (t: string) => unknown, text: string): 'ok' | 'parse-error' {
  try {
    parse(text);
    return 'ok';
  } catch (e) {
    if (e instanceof ParseError) {
      expect(e.line).toBeGreaterThanOrEqual(0);
      expect(e.line).toBeLessThanOrEqual(text.split(/\r?\n/).length);
      return 'parse-error';
    }
    throw e;
  }
}

const sample = fc.constantFrom(...samples);
const truncated = fc.tuple(sample, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1)));
const lineCut = fc.tuple(sample, fc.nat()).map(([t, n]) => {
  const lines = t.split('\n');
  return lines.slice(0, n % (lines.length + 1)).join('\n');
});
const spliced = fc.tuple(sample, fc.nat(), fc.string({ maxLength: 40 })).map(([t, n, s]) => {
  const at = n % (t.length + 1);
  return t.slice(0, at) + s + t.slice(at + s.length);
});
const tokenSoup = fc
  .array(
    fc.constantFrom(
      '=',
      ',',
      '"',
      ' ',
      '\n',
      '!!!',
      'report',
      'kB',
      'reclen',
      'write',
      '1024',
      '-1',
      '1e999',
      'Benchmark Completed.',
      'Class',
      'SUCCESSFUL',
      'Trans/s',
      '10^6bits/s',
      'Throughput',
      'MEAN_LATENCY=',
    ),
    { maxLength: 60 },
  )
  .map((a) => a.join(''));
const anyText = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), truncated, lineCut, spliced, tokenSoup);

describe('parsers under random input', () => {
  for (const bench of catalog) {
    it(`${bench.id}: metrics or ParseError, nothing else`, () => {
      fc.assert(
        fc.property(anyText, (text) => {
          outcome(bench.parse, text);
        }),
        { numRuns: 1000 },
      );
    });
  }

  // How long they take is a measurement (`npm run bench -- parsers`, target under 1 s each); here: they end, and well.
  it('long adversarial lines give metrics or a ParseError', () => {
    for (const b of catalog) for (const text of adversarialTexts) outcome(b.parse, text);
  });

  it('the real samples themselves parse with their own parser', () => {
    for (const b of catalog) {
      const mine = fixtureNames(b.id).filter((n) => n.endsWith('.txt'));
      const ok = mine.filter((n) => outcome(b.parse, fixture(b.id, n)) === 'ok');
      expect(ok.length).toBeGreaterThan(0);
    }
  });
});
