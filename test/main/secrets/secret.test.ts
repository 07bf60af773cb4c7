import { inspect, format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../main/secrets/secret.ts';

const VALUE = 'hunter2-Very$ecret';

describe('Secret', () => {
  it('never prints its value through the usual ways of printing', () => {
    const s = new Secret(VALUE);
    const outputs = [
      JSON.stringify(s),
      JSON.stringify({ password: s, nested: [s] }),
      inspect(s),
      inspect({ s }, { depth: 10, showHidden: true }),
      `${s}`,
      String(s),
      s + '',
      format('%s %o %O %j', s, s, s, s),
      Object.prototype.toString.call(s),
      JSON.stringify(Object.assign({}, s)),
      JSON.stringify({ ...s }),
      inspect(new Error('failed', { cause: s })),
    ];
    for (const out of outputs) expect(out).not.toContain(VALUE);
    expect(JSON.stringify({ password: s })).toBe('{"password":"[secret]"}');
    expect(`${s}`).toBe('[secret]');
    expect(inspect(s)).toBe('[secret]');
    expect(s.reveal()).toBe(VALUE);
    expect(s.length).toBe(VALUE.length);
  });

  it('does not leak through structuredClone or Object keys', () => {
    const s = new Secret(VALUE);
    expect(Object.keys(s)).toEqual([]);
    expect(JSON.stringify(structuredClone(s))).not.toContain(VALUE);
  });

  it('refuses non-strings', () => {
    expect(() => new Secret(42 as unknown as string)).toThrow(TypeError);
  });
});
