// OpenSSH host pattern matching for known_hosts: `*` and `?` wildcards, `!` negation, comma lists.

/** Whole-string glob match of one pattern (no negation) against a host string; case-insensitive like OpenSSH. */
export function matchGlob(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  // Iterative glob with backtracking to the last `*`: linear-ish, no regex built from user input.
  let pi = 0,
    ti = 0,
    star = -1,
    mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star !== -1) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

export type PatternListResult = 'match' | 'negated' | 'none';

/**
 * Matches a comma list against any of the candidate strings. As in OpenSSH's match_hostname, a matching
 * negated pattern wins over every positive one (`*.lab,!bad.lab` never matches bad.lab).
 */
export function matchPatternList(list: string, candidates: readonly string[]): PatternListResult {
  let matched = false;
  for (const raw of list.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (pattern === '') continue;
    if (!candidates.some((c) => matchGlob(pattern, c))) continue;
    if (negated) return 'negated';
    matched = true;
  }
  return matched ? 'match' : 'none';
}

/** The string known_hosts stores for a host: `host` on port 22, `[host]:port` otherwise (lower-cased). */
export function hostKeyName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}
