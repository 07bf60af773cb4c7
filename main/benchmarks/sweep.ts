// Sweep helpers shared by benchmark parameter defaults.

/** Powers of two from `from` to `to` inclusive (both powers of two). */
export function powersOfTwo(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
}
