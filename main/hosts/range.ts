// pdsh-style host ranges: node[1-16], node[01-64] (zero padded to the width of the bounds), node[1-3,7], rack[1-2]-n[1-4].
// Every count is known before anything is expanded: a few hundred bytes of selector can otherwise stand for millions
// of names (or recurse once per bracket group), holding the event loop for seconds.

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

export const MAX_EXPANSION = 100_000;
/** Far above any selector a person writes; bounds the parsing work too. */
export const MAX_SELECTOR_LENGTH = 10_000;

interface Item {
  from: string;
  to: string;
  a: number;
  b: number;
}
/** A range expression as literal text between bracket groups: parts[0] items[0] parts[1] items[1] ... parts[n]. */
interface Parsed {
  parts: string[];
  groups: Item[][];
  count: number;
}

function parseGroup(body: string, whole: string): Item[] {
  if (body.trim() === '') throw new SelectorError(`empty range [] in ${JSON.stringify(whole)}`);
  return body.split(',').map((part) => {
    const m = /^(\d{1,9})(?:-(\d{1,9}))?$/.exec(part.trim());
    if (!m)
      throw new SelectorError(
        `bad range item ${JSON.stringify(part.slice(0, 40))} in ${JSON.stringify(whole.slice(0, 200))}: use N, N-M or a comma list of them`,
      );
    const [, from, to = from] = m as unknown as [string, string, string | undefined];
    const a = Number(from),
      b = Number(to);
    if (b < a) throw new SelectorError(`range ${from}-${to} in ${JSON.stringify(whole.slice(0, 200))} runs backwards`);
    return { from, to, a, b };
  });
}

function parseRange(expr: string): Parsed {
  if (expr.length > MAX_SELECTOR_LENGTH) throw new SelectorError(`selector longer than ${MAX_SELECTOR_LENGTH} characters`);
  const parts: string[] = [];
  const groups: Item[][] = [];
  let count = 1;
  let at = 0;
  for (;;) {
    const open = expr.indexOf('[', at);
    const literal = expr.slice(at, open === -1 ? undefined : open);
    if (literal.includes(']')) throw new SelectorError(`unbalanced "]" in ${JSON.stringify(expr.slice(0, 200))}`);
    parts.push(literal);
    if (open === -1) break;
    const close = expr.indexOf(']', open);
    if (close === -1) throw new SelectorError(`unbalanced "[" in ${JSON.stringify(expr.slice(0, 200))}`);
    const items = parseGroup(expr.slice(open + 1, close), expr);
    const n = items.reduce((s, i) => s + (i.b - i.a + 1), 0);
    count *= n;
    if (count > MAX_EXPANSION) throw new SelectorError(`${JSON.stringify(expr.slice(0, 200))} expands to more than ${MAX_EXPANSION} names`);
    groups.push(items);
    at = close + 1;
  }
  return { parts, groups, count };
}

/** How many names the expression stands for, without expanding it (throws on a bad or too large one). */
export function countRange(expr: string): number {
  return parseRange(expr).count;
}

/** Expands every bracket group into the list of names it stands for, in order. Text without brackets is returned as is. */
export function expandRange(expr: string): string[] {
  const { parts, groups } = parseRange(expr);
  let names = [parts[0]!];
  groups.forEach((items, g) => {
    const values = items.flatMap(({ from, to, a, b }) => {
      // Leading zero on either bound pads every number to that width (node[01-64] -> node01..node64).
      const width = from.startsWith('0') || to.startsWith('0') ? Math.max(from.length, to.length) : 0;
      return Array.from({ length: b - a + 1 }, (_, i) => String(a + i).padStart(width, '0'));
    });
    const next: string[] = [];
    for (const n of names) for (const v of values) next.push(`${n}${v}${parts[g + 1]!}`);
    names = next;
  });
  return names;
}

/** Splits a selector on commas that are not inside brackets. */
export function splitTopLevel(selector: string): string[] {
  if (selector.length > MAX_SELECTOR_LENGTH) throw new SelectorError(`selector longer than ${MAX_SELECTOR_LENGTH} characters`);
  const out: string[] = [];
  let depth = 0,
    start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  out.push(selector.slice(start));
  return out.map((s) => s.trim());
}
