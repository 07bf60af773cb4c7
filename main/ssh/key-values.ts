// Parses `key=value` lines (the output format of our remote scripts). Later keys win; other lines are ignored.

export function parseKeyValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) continue;
    out.set(key, line.slice(eq + 1).replace(/\r$/, ''));
  }
  return out;
}
