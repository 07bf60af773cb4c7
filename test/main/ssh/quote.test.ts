import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteArg, shellCommandWithEnv, ShellQuoteError, toShellCommand } from '../../../main/ssh/quote.ts';

const shells = ['/bin/sh', '/bin/dash', '/bin/bash'].filter((s) => existsSync(s));

// stdin is not a socket: bash sources ~/.bashrc when it thinks sshd started it.
/** Runs `printf '%s\0' <quoted args>` in a real shell and splits its output back into argv. */
function roundTrip(shell: string, args: string[]): string[] {
  const line = toShellCommand(['printf', '%s\\0', ...args]);
  const out = execFileSync(shell, ['-c', line], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin', LC_ALL: 'C.UTF-8' } });
  const parts = out.split('\0');
  parts.pop(); // printf ends each argument with NUL, so the last part is empty
  return parts;
}

const hostilePieces = [
  "'",
  '"',
  '\\',
  '$',
  '$(id)',
  '`id`',
  '${HOME}',
  '$HOME',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '*',
  '?',
  '[a-z]',
  '~',
  '~root',
  ';',
  '&&',
  '|',
  '>',
  '<',
  '<<EOF',
  '#',
  '!',
  '!!',
  '{a,b}',
  '(',
  ')',
  '=',
  'A=B',
  '-rf',
  '--',
  '-',
  'if',
  'then',
  'é',
  '日本',
  '🚀',
  '\u202e',
  '\u00a0',
  "'\\''",
  '%s',
  '%n',
  '\\0',
];
const hostileString = fc
  .array(fc.oneof(fc.constantFrom(...hostilePieces), fc.string({ unit: 'grapheme' })), { maxLength: 6 })
  .map((ps) => ps.join(''))
  .filter((s) => !s.includes('\0'));

describe('quoteArg', () => {
  it('leaves plain words bare and quotes everything else', () => {
    expect(quoteArg('ls')).toBe('ls');
    expect(quoteArg('/usr/bin/netperf')).toBe('/usr/bin/netperf');
    expect(quoteArg('-l')).toBe('-l');
    expect(quoteArg('')).toBe("''");
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteArg('a b')).toBe("'a b'");
    expect(quoteArg('A=B')).toBe("'A=B'");
    expect(quoteArg('~')).toBe("'~'");
    expect(quoteArg('if')).toBe("'if'");
  });

  it('rejects NUL with a clear error', () => {
    expect(() => quoteArg('a\0b')).toThrow(ShellQuoteError);
    expect(() => quoteArg('a\0b')).toThrow(/NUL/);
    expect(() => toShellCommand(['echo', 'x\0'])).toThrow(/NUL/);
  });

  it('refuses an empty argv', () => {
    expect(() => toShellCommand([])).toThrow(/at least one/);
  });
});

describe.each(shells)('round trip through %s', (shell) => {
  it('returns hand-picked hostile strings unchanged', () => {
    expect(roundTrip(shell, hostilePieces)).toEqual(hostilePieces);
    expect(roundTrip(shell, ['', '', 'x', ''])).toEqual(['', '', 'x', '']);
  });

  it('returns any generated argv unchanged (property)', () => {
    fc.assert(
      fc.property(fc.array(hostileString, { minLength: 1, maxLength: 5 }), (args) => {
        expect(roundTrip(shell, args)).toEqual(args);
      }),
      { numRuns: 150 },
    );
  });

  it('runs a reserved word or assignment-looking argv[0] as a command name, not syntax', () => {
    // 'A=B' as the program must be looked up as a command (and fail), never become an assignment.
    expect(() => execFileSync(shell, ['-c', toShellCommand(['A=B'])], { stdio: ['ignore', 'pipe', 'pipe'] })).toThrow();
    const out = execFileSync(shell, ['-c', `${toShellCommand(['printf', '%s', 'if'])}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('if');
  });
});

describe('shellCommandWithEnv', () => {
  it.each(shells)('sets hostile values for the command only (%s)', (shell) => {
    const env = { VIRTLAB_A: "x'; rm -rf / #", VIRTLAB_B: '$(id)\n`id`', _EMPTY: '' };
    const line = shellCommandWithEnv(env, ['/usr/bin/env']);
    const out = execFileSync(shell, ['-c', line], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
    expect(out).toContain(`VIRTLAB_A=${env.VIRTLAB_A}\n`);
    expect(out).toContain(`VIRTLAB_B=${env.VIRTLAB_B}\n`);
    expect(out).toContain('_EMPTY=\n');
  });

  it('rejects invalid names', () => {
    for (const bad of ['1A', 'A-B', 'A B', '', 'A=B', '$(id)', 'é']) {
      expect(() => shellCommandWithEnv({ [bad]: 'v' }, ['true'])).toThrow(/invalid environment variable name/);
    }
  });

  it('without variables is the plain command', () => {
    expect(shellCommandWithEnv({}, ['echo', 'a b'])).toBe("echo 'a b'");
  });
});
