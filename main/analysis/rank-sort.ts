// Sorting thousands of rows by a few text columns: a collator comparison costs far more than comparing numbers, and
// the same few distinct texts (platforms, benchmarks, metrics, points) come back in every comparison. Each distinct
// text is ranked once with the comparator, then rows compare their ranks. Same order as comparing the texts: the
// ranks give every pair of rows the same sign, equal texts get equal ranks, and the sort is stable.

/** Rank of each distinct text under compare (a consistent total order; texts it calls equal share a rank). */
export function ranksOf(texts: Iterable<string>, compare: (a: string, b: string) => number): Map<string, number> {
  const distinct = [...new Set(texts)].sort(compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  for (let i = 0; i < distinct.length; i++) {
    if (i > 0 && compare(distinct[i - 1]!, distinct[i]!) !== 0) rank++;
    ranks.set(distinct[i]!, rank);
  }
  return ranks;
}

/** Sorts items in place by numeric columns (first column first, ties keep their order); returns items. */
export function sortByColumns<T>(items: T[], columns: readonly ((item: T) => number)[]): T[] {
  const width = columns.length;
  const keys = new Float64Array(items.length * width);
  for (let i = 0; i < items.length; i++) for (let c = 0; c < width; c++) keys[i * width + c] = columns[c]!(items[i]!);
  const order = Array.from({ length: items.length }, (_, i) => i);
  order.sort((a, b) => {
    for (let c = 0; c < width; c++) {
      const d = keys[a * width + c]! - keys[b * width + c]!;
      if (d !== 0) return d;
    }
    return a - b;
  });
  const sorted = order.map((i) => items[i]!);
  for (let i = 0; i < sorted.length; i++) items[i] = sorted[i]!;
  return items;
}
