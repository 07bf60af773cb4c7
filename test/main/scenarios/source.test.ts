// Scenario text is refused before the YAML parser sees it when it is too long or nested too deep; duplicate keys are
// found in linear time; an alias bomb is an issue, not a throw; a text with thousands of problems lists 50 of them.
import { describe, expect, it } from 'vitest';
import { MAX_SCENARIO_NESTING, MAX_SCENARIO_TEXT_BYTES, parseScenarioText } from '../../../main/scenarios/source.ts';
import { MAX_ISSUES, validateScenarioText } from '../../../main/scenarios/validate.ts';

const issuesOf = (text: string) => {
  const r = parseScenarioText(text);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.issues;
};

describe('parseScenarioText on hostile text', () => {
  it('refuses a text over the size bound before parsing it', () => {
    const sizes = Array.from({ length: 10_000 }, (_, i) => i + 1).join(', ');
    const text = `name: q\nbenchmarks:\n  - benchmark: netperf\n    params: { messageSizes: [${sizes}] }\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_SCENARIO_TEXT_BYTES);
    expect(issuesOf(text)).toEqual([{ path: '(text)', message: expect.stringMatching(/^the scenario is \d+ bytes; a scenario may be at most 16384 bytes/) }]);
  });

  it('refuses flow brackets nested deeper than the bound, quoted brackets aside', () => {
    expect(issuesOf(`name: ${'['.repeat(MAX_SCENARIO_NESTING + 1)}`)[0]!.message).toMatch(/nested more than 32 deep/);
    expect(parseScenarioText(`name: "${'['.repeat(100)}"\n# ${'{'.repeat(100)}\n`).ok).toBe(true);
  });

  it('still refuses duplicate keys', () => {
    expect(issuesOf('name: a\nname: b\n')[0]!.message).toMatch(/"name" appears twice/);
    expect(issuesOf('name: a\nbenchmarks:\n  - { benchmark: netperf, benchmark: iozone }\n')[0]!.message).toMatch(/"benchmark" appears twice/);
  });

  it('answers an alias bomb with an issue instead of throwing', () => {
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    expect(() => parseScenarioText(bomb)).not.toThrow();
    expect(issuesOf(bomb)[0]!.message).toMatch(/alias/i);
  });

  it('lists at most 50 problems and says how many more there are', () => {
    const sizes = Array.from({ length: 1000 }, (_, i) => i + 3).join(',');
    const v = validateScenarioText(`name: q\nplatforms: [native]\nbenchmarks:\n  - benchmark: iozone\n    params: { fileSizes: [${sizes}], recordSize: 64 }\n`);
    expect(v.issues).toHaveLength(MAX_ISSUES + 1);
    expect(v.issues.at(-1)!.message).toMatch(/^and \d+ more problems$/);
  });
});
