// Finds the Debian archive a host's own apt sources use, so an image is built from the site's mirror and never from
// an address VirtLab names itself. Reads both formats: one-line `deb [opts] URI SUITE COMPONENT...` and deb822.

export interface AptSourceFile {
  path: string;
  text: string;
}

interface Entry {
  uris: string[];
  suites: string[];
  components: string[];
}

function oneLine(text: string): Entry[] {
  const out: Entry[] = [];
  for (const raw of text.split('\n')) {
    const m = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s+(.+)$/.exec(raw.replace(/#.*/, '').trim());
    if (m) out.push({ uris: [m[1]!], suites: [m[2]!], components: m[3]!.split(/\s+/) });
  }
  return out;
}

function deb822(text: string): Entry[] {
  const out: Entry[] = [];
  for (const paragraph of text.split(/\n[ \t]*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of paragraph.split('\n')) {
      if (line.startsWith('#')) continue;
      if (/^[ \t]/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const m = /^([A-Za-z-]+):[ \t]*(.*)$/.exec(line);
      if (m) fields.set((last = m[1]!.toLowerCase()), m[2]!);
    }
    const words = (name: string) => (fields.get(name) ?? '').split(/\s+/).filter(Boolean);
    if (!words('types').includes('deb') || fields.get('enabled')?.trim() === 'no') continue;
    out.push({ uris: words('uris'), suites: words('suites'), components: words('components') });
  }
  return out;
}

/** The first archive serving `suite` with the main component, or an error sentence naming what was read. */
export function debianMirror(files: readonly AptSourceFile[], suite: string): { mirror: string } | { error: string } {
  for (const f of files) {
    const entries = f.path.endsWith('.sources') ? deb822(f.text) : f.path.endsWith('.list') ? oneLine(f.text) : [];
    const hit = entries.find((e) => e.suites.includes(suite) && e.components.includes('main'));
    const uri = hit?.uris.find((u) => /^(https?|file):\/\//.test(u));
    if (uri) return { mirror: uri.replace(/\/+$/, '') };
  }
  const read = files.map((f) => f.path).join(', ') || 'no apt source files';
  return {
    error: `no apt source serves Debian ${suite} main (read ${read}), so there is no mirror to build the image from; add the site's Debian mirror to apt's sources first`,
  };
}

/** Shell script (constant) printing every apt source file as `### PATH` followed by its text. */
export const READ_APT_SOURCES = `. /etc/os-release 2>/dev/null; printf '### codename %s\\n' "\${VERSION_CODENAME:-}"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  printf '### %s\\n' "$f"; cat "$f"; printf '\\n'
done`;

/** Splits the output of READ_APT_SOURCES. */
export function parseAptSourceDump(out: string): { codename: string; files: AptSourceFile[] } {
  let codename = '';
  const files: AptSourceFile[] = [];
  for (const part of out.split(/^### /m).slice(1)) {
    const nl = part.indexOf('\n');
    const head = nl < 0 ? part : part.slice(0, nl);
    const body = nl < 0 ? '' : part.slice(nl + 1);
    if (head.startsWith('codename ')) codename = head.slice('codename '.length).trim();
    else files.push({ path: head.trim(), text: body });
  }
  return { codename, files };
}
