// Numeric points in numeric order ('2' < '16'), others alphabetically after them (as main/analysis orders them).
export function comparePointsText(a: string, b: string): number {
  const x = Number(a.split('@')[0]);
  const y = Number(b.split('@')[0]);
  const xn = a !== '' && Number.isFinite(x);
  const yn = b !== '' && Number.isFinite(y);
  if (xn && yn) return x - y || a.localeCompare(b);
  if (xn !== yn) return xn ? -1 : 1;
  return a.localeCompare(b);
}
