// Choosing hosts by name, tag (@gpu or tag:gpu), glob (node*), range (node[01-16], node[1-3,7]) and unions of
// those separated by commas; `!term` removes hosts. A term that matches nothing is an error, never an empty run.
import { matchGlob } from '../ssh/known-hosts/host-pattern.ts';
import { countRange, expandRange, MAX_EXPANSION, SelectorError, splitTopLevel } from './range.ts';

export { SelectorError };

export interface Selectable {
  name: string;
  tags?: readonly string[];
}

const isGlob = (s: string): boolean => /[*?]/.test(s);

function tagOf(term: string): string | undefined {
  if (term.startsWith('@')) return term.slice(1);
  if (term.startsWith('tag:')) return term.slice(4);
  return undefined;
}

function matchTerm<H extends Selectable>(term: string, hosts: readonly H[], byName: Map<string, H>): H[] {
  const tag = tagOf(term);
  if (tag !== undefined) {
    if (tag === '') throw new SelectorError(`empty tag in ${JSON.stringify(term)}`);
    const hit = hosts.filter((h) => h.tags?.includes(tag));
    if (hit.length === 0) throw new SelectorError(`no host has tag ${JSON.stringify(tag)}`);
    return hit;
  }
  const names = expandRange(term);
  const hit: H[] = [];
  const missing: string[] = [];
  for (const name of names) {
    if (isGlob(name)) {
      const globbed = hosts.filter((h) => matchGlob(name, h.name));
      if (globbed.length === 0) missing.push(name);
      hit.push(...globbed);
    } else {
      const h = byName.get(name);
      if (h) hit.push(h);
      else missing.push(name);
    }
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 8).join(', ') + (missing.length > 8 ? `, ... (${missing.length} in all)` : '');
    throw new SelectorError(names.length === 1 ? `no host matches ${JSON.stringify(term)}` : `${JSON.stringify(term)}: no host named ${shown}`);
  }
  return hit;
}

/** The hosts a selector names, in the order the selector names them, each once. */
export function selectHosts<H extends Selectable>(selector: string, hosts: readonly H[]): H[] {
  const terms = splitTopLevel(selector);
  if (terms.some((t) => t === '' || t === '!')) throw new SelectorError(`empty term in selector ${JSON.stringify(selector)}`);
  // The whole selector's names are counted before any term is expanded: many terms of 100k each are as bad as one.
  let total = 0;
  for (const t of terms) {
    const bare = t.startsWith('!') ? t.slice(1) : t;
    total += tagOf(bare) !== undefined ? 1 : countRange(bare);
    if (total > MAX_EXPANSION) throw new SelectorError(`selector expands to more than ${MAX_EXPANSION} names`);
  }
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const chosen = new Map<string, H>();
  const excluded = new Set<string>();
  for (const term of terms) {
    if (term.startsWith('!')) for (const h of matchTerm(term.slice(1), hosts, byName)) excluded.add(h.name);
    else for (const h of matchTerm(term, hosts, byName)) if (!chosen.has(h.name)) chosen.set(h.name, h);
  }
  const result = [...chosen.values()].filter((h) => !excluded.has(h.name));
  if (result.length === 0) throw new SelectorError(`selector ${JSON.stringify(selector)} leaves no hosts`);
  return result;
}
