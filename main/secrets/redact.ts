// Removes secret values from text bound for logs, errors and events, including the forms they take
// once embedded in JSON or a URL.
import { Secret } from './secret.ts';

export const REDACTED = '[redacted]';

export function redact(text: string, secrets: Iterable<Secret | string | undefined>): string {
  const needles = new Set<string>();
  for (const s of secrets) {
    const v = s instanceof Secret ? s.reveal() : s;
    if (!v) continue;
    needles.add(v);
    needles.add(JSON.stringify(v).slice(1, -1));
    needles.add(encodeURIComponent(v));
  }
  // Longest first, so a secret that contains another is removed whole.
  let out = text;
  for (const n of [...needles].sort((a, b) => b.length - a.length)) {
    if (n) out = out.split(n).join(REDACTED);
  }
  return out;
}
