import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog, findBenchmark } from '../../../main/benchmarks/catalog.ts';
import { fixture, fixtureNames, outputsDir } from './fixture.ts';

describe('benchmark catalog', () => {
  it('lists netperf, IOzone and NPB with unique metric names', () => {
    expect(catalog.map((b) => b.id)).toEqual(['netperf', 'iozone', 'npb']);
    for (const b of catalog) {
      const names = b.metrics.map((m) => m.name);
      expect(new Set(names).size, b.id).toBe(names.length);
      for (const m of b.metrics) expect(m.description.length, `${b.id}.${m.name}`).toBeGreaterThan(10);
    }
    expect(findBenchmark('netperf')!.metrics.find((m) => m.name === 'half_rtt')!.description).toContain('mean RTT / 2');
    expect(findBenchmark('hpl')).toBeUndefined();
  });

  it('every parsed metric is one the catalog describes, with the same unit and direction', () => {
    for (const b of catalog) {
      for (const name of fixtureNames(b.id).filter((n) => n.endsWith('.txt'))) {
        let metrics;
        try {
          metrics = b.parse(fixture(b.id, name)).metrics;
        } catch {
          continue; // fixtures kept to be rejected are checked in the parser tests
        }
        for (const m of metrics) {
          const spec = b.metrics.find((s) => s.name === m.name);
          expect(spec, `${b.id}/${name}: ${m.name}`).toBeDefined();
          expect([m.unit, m.better]).toEqual([spec!.unit, spec!.better]);
        }
      }
    }
  });

  it('every captured output has a .cmd note with the command that produced it', () => {
    for (const b of catalog) {
      const outputs = fixtureNames(b.id).filter((n) => n.endsWith('.txt'));
      expect(outputs.length, b.id).toBeGreaterThan(0);
      for (const n of outputs) expect(existsSync(`${outputsDir}${b.id}/${n.replace(/\.txt$/, '.cmd')}`), `${b.id}/${n}`).toBe(true);
    }
  });
});
