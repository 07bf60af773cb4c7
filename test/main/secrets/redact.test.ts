import { describe, expect, it } from 'vitest';
import { redact, REDACTED } from '../../../main/secrets/redact.ts';
import { Secret } from '../../../main/secrets/secret.ts';

describe('redact', () => {
  it('removes every occurrence, including JSON-escaped and URL-encoded forms', () => {
    const pw = new Secret('p"a ss\\w/ord');
    const text = `login failed for p"a ss\\w/ord; body ${JSON.stringify({ pw: pw.reveal() })}; url ?pw=${encodeURIComponent(pw.reveal())}`;
    const out = redact(text, [pw]);
    expect(out).not.toContain('ss\\w');
    expect(out).not.toContain('a%20ss');
    expect(out.split(REDACTED).length - 1).toBe(3);
  });

  it('removes the longer of overlapping secrets whole, and ignores empty ones', () => {
    expect(redact('token abcdef and abc', ['abc', 'abcdef', '', undefined])).toBe(`token ${REDACTED} and ${REDACTED}`);
    expect(redact('nothing here', [])).toBe('nothing here');
  });
});
