#!/usr/bin/env node
// Prints the apt source (deb822) that adds Debian's non-free component from the archive this machine already uses,
// so a site's own mirror is kept. Exit 0: the source to write; 3: non-free is already enabled; 1: no Debian archive found.
// usage: node scripts/apt-non-free-source.mjs CODENAME [APT_ETC_DIR]   (default /etc/apt)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const OWN = /^virtlab-non-free\./; // what this script's caller writes: never its own source of truth

/** One-line format: `deb [opt=val ...] URI SUITE COMPONENT...`. */
function oneLineEntries(text, file) {
  const entries = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) continue;
    const signedBy = (m[1] ?? '')
      .split(/\s+/)
      .find((o) => o.startsWith('signed-by='))
      ?.slice('signed-by='.length);
    entries.push({ file, uris: [m[2]], uriField: m[2], suites: [m[3]], components: m[4].split(/\s+/), signedBy });
  }
  return entries;
}

/** deb822 format: paragraphs of `Field: value`, continuation lines start with a space. */
function deb822Entries(text, file) {
  const entries = [];
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    const fields = new Map();
    let last;
    for (const line of paragraph.split('\n')) {
      if (line.startsWith('#')) continue;
      if (/^[ \t]/.test(line) && last) {
        fields.set(last, `${fields.get(last)}\n${line}`);
        continue;
      }
      const m = /^([A-Za-z-]+):[ \t]*(.*)$/.exec(line);
      if (m) fields.set((last = m[1].toLowerCase()), m[2]);
    }
    const words = (name) => (fields.get(name) ?? '').split(/\s+/).filter(Boolean);
    if (!words('types').includes('deb') || fields.get('enabled')?.trim() === 'no') continue;
    entries.push({
      file,
      uris: words('uris'),
      uriField: fields.get('uris').trim(),
      suites: words('suites'),
      components: words('components'),
      signedBy: fields.get('signed-by'),
    });
  }
  return entries;
}

function aptEntries(etc) {
  const entries = [];
  const list = join(etc, 'sources.list');
  if (existsSync(list)) entries.push(...oneLineEntries(readFileSync(list, 'utf8'), list));
  const dir = join(etc, 'sources.list.d');
  for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
    if (OWN.test(name)) continue;
    const path = join(dir, name);
    if (name.endsWith('.list')) entries.push(...oneLineEntries(readFileSync(path, 'utf8'), path));
    else if (name.endsWith('.sources')) entries.push(...deb822Entries(readFileSync(path, 'utf8'), path));
  }
  return entries;
}

const [codename, etc = '/etc/apt'] = process.argv.slice(2);
if (!codename) {
  console.error('usage: node scripts/apt-non-free-source.mjs CODENAME [APT_ETC_DIR]');
  process.exit(2);
}
const archives = aptEntries(etc).filter((e) => e.suites.includes(codename) && e.components.includes('main'));
if (archives.length === 0) {
  console.error(
    `apt-non-free-source: no apt source in ${etc} serves Debian ${codename} main, so there is no mirror to take non-free from; add one, or enable non-free yourself.`,
  );
  process.exit(1);
}
if (archives.some((e) => e.components.includes('non-free'))) process.exit(3);
const archive = archives[0];
const lines = [
  `# Debian's non-free component (netperf, iozone3) from the archive in ${archive.file}; written by scripts/install-system-deps.sh.`,
  'Types: deb',
  `URIs: ${archive.uriField}`,
  `Suites: ${codename}`,
  'Components: non-free',
  // The same Signed-By as the archive's own entry: apt refuses two different values for one archive.
  ...(archive.signedBy?.trim() ? [`Signed-By:${archive.signedBy.startsWith('\n') ? '' : ' '}${archive.signedBy.trimEnd()}`] : []),
];
process.stdout.write(`${lines.join('\n')}\n`);
