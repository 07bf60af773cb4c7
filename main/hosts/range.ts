// pdsh-style host ranges: node[1-16], node[01-64] (zero padded to the width of the bounds), node[1-3,7], rack[1-2]-n[1-4].

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

const MAX_EXPANSION = 100_000;

/** Expands every bracket group into the list of names it stands for, in order. Text without brackets is returned as is. */
export function expandRange(expr: string): string[] {
  const open = expr.indexOf('[');
  if (open === -1) {
    if (expr.includes(']')) throw new SelectorError(`unbalanced "]" in ${JSON.stringify(expr)}`);
    return [expr];
  }
  const close = expr.indexOf(']', open);
  if (close === -1) throw new SelectorError(`unbalanced "[" in ${JSON.stringify(expr)}`);
  const prefix = expr.slice(0, open);
  if (prefix.includes(']')) throw new SelectorError(`unbalanced "]" in ${JSON.stringify(expr)}`);
  const values = expandGroup(expr.slice(open + 1, close), expr);
  const rests = expandRange(expr.slice(close + 1));
  if (values.length * rests.length > MAX_EXPANSION) throw new SelectorError(`${JSON.stringify(expr)} expands to more than ${MAX_EXPANSION} names`);
  return values.flatMap((v) => rests.map((r) => `${prefix}${v}${r}`));
}

function expandGroup(body: string, whole: string): string[] {
  if (body.trim() === '') throw new SelectorError(`empty range [] in ${JSON.stringify(whole)}`);
  return body.split(',').flatMap((part) => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) throw new SelectorError(`bad range item ${JSON.stringify(part)} in ${JSON.stringify(whole)}: use N, N-M or a comma list of them`);
    const [, from, to = from] = m as unknown as [string, string, string | undefined];
    const a = Number(from), b = Number(to);
    if (b < a) throw new SelectorError(`range ${from}-${to} in ${JSON.stringify(whole)} runs backwards`);
    if (b - a + 1 > MAX_EXPANSION) throw new SelectorError(`range ${from}-${to} is too large`);
    // Leading zero on either bound pads every number to that width (node[01-64] -> node01..node64).
    const width = from.startsWith('0') || to.startsWith('0') ? Math.max(from.length, to.length) : 0;
    return Array.from({ length: b - a + 1 }, (_, i) => String(a + i).padStart(width, '0'));
  });
}

/** Splits a selector on commas that are not inside brackets. */
export function splitTopLevel(selector: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) { out.push(selector.slice(start, i)); start = i + 1; }
  }
  out.push(selector.slice(start));
  return out.map((s) => s.trim());
}
