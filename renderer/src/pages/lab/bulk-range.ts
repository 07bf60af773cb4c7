// Bulk add by range: `node[01-64]` names 64 hosts, an address pattern gives each its address
// (`10.0.0.{n+10}`, `node{}.cluster`), so a rack is one form, not 64.

export interface RangeName {
  name: string;
  n: number;
  text: string;
}

const RANGE = /\[(\d+)-(\d+)\]/;
export const MAX_BULK = 4096;

/** Expands the one `[a-b]` range of a name pattern; leading zeros of `a` set the width. */
export function expandNames(pattern: string): RangeName[] {
  const m = RANGE.exec(pattern);
  if (!m) throw new Error('write one range in brackets, e.g. node[01-64]');
  if (RANGE.test(pattern.slice(m.index + m[0].length))) throw new Error('only one [a-b] range is supported');
  const [from, to] = [Number(m[1]), Number(m[2])];
  if (to < from) throw new Error(`the range ${m[0]} runs backwards`);
  if (to - from + 1 > MAX_BULK) throw new Error(`at most ${MAX_BULK} hosts at once`);
  const width = m[1]!.length > 1 && m[1]!.startsWith('0') ? m[1]!.length : 1;
  const out: RangeName[] = [];
  for (let n = from; n <= to; n++) {
    const text = String(n).padStart(width, '0');
    out.push({ name: pattern.slice(0, m.index) + text + pattern.slice(m.index + m[0].length), n, text });
  }
  return out;
}

/**
 * Fills an address (or any) pattern for one host: `{}` is the number as written in the name (padded),
 * `{n}` the plain number, `{n+K}` / `{n-K}` the number shifted by K.
 */
export function fillPattern(pattern: string, item: RangeName): string {
  return pattern.replace(/\{(?:n([+-]\d+)?)?\}/g, (whole, shift: string | undefined) => {
    if (whole === '{}') return item.text;
    return String(item.n + (shift ? Number(shift) : 0));
  });
}

export interface BulkRow {
  name: string;
  address: string;
  guestOf?: string;
}

export function expandBulk(namePattern: string, addressPattern: string, parentPattern?: string): BulkRow[] {
  if (!addressPattern.includes('{')) throw new Error('the address pattern needs {} or {n} (e.g. 10.0.0.{n+10}), or every host gets the same address');
  return expandNames(namePattern).map((item) => ({
    name: item.name,
    address: fillPattern(addressPattern, item),
    ...(parentPattern ? { guestOf: fillPattern(parentPattern, item) } : {}),
  }));
}
