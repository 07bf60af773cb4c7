// A known_hosts host field back to the host and port to forget: `name`, `[name]:port`, or the first of a comma list.
export function hostAndPort(field: string): { host: string; port: number } | undefined {
  if (field.startsWith('|1|')) return undefined; // hashed: the name cannot be read back
  const first = field.split(',')[0]!.trim();
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(first);
  if (m) return { host: m[1]!, port: Number(m[2]) };
  if (first === '' || /[*?!]/.test(first)) return undefined; // a pattern, not one host
  return { host: first, port: 22 };
}
