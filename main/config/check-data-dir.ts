// Refuses a data folder VirtLab cannot safely use, before anything is created or opened there: a path that is a file,
// a folder we cannot write, a pseudo filesystem (/proc, /sys: writes there fail oddly or never end), or a database file
// that is not SQLite. Nothing is created or changed by the check.
import { accessSync, closeSync, constants, openSync, readSync, realpathSync, statSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { databaseFile } from './data-dir.ts';

/** statfs magic numbers of Linux pseudo filesystems (linux/magic.h). */
const PSEUDO_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0xcafe4a11, 'bpf'],
  [0x74726163, 'tracefs'],
  [0x1cd1, 'devpts'],
]);
const PSEUDO_PREFIXES = ['/proc', '/sys', '/dev'];
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export class DataDirError extends Error {}

/** The nearest existing path at or above `path` (the folder that would hold what we create). */
function nearestExisting(path: string): string {
  let at = path;
  for (;;) {
    try {
      statSync(at);
      return at;
    } catch {
      /* not there yet */
    }
    const up = dirname(at);
    if (up === at) return at;
    at = up;
  }
}

function pseudoFilesystem(path: string): string | undefined {
  const real = realpathSync(path);
  const prefix = PSEUDO_PREFIXES.find((p) => real === p || real.startsWith(`${p}/`));
  if (prefix) return prefix;
  try {
    return PSEUDO_FS.get(Number(statfsSync(real).type));
  } catch {
    return undefined;
  }
}

function assertSqliteFile(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return;
  }
  if (!statSync(file).isFile()) throw new DataDirError(`Database ${file} is not a regular file.`);
  if (size === 0) return; // SQLite treats an empty file as an empty database
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER)) {
    throw new DataDirError(`Database ${file} is not a SQLite database (its header is wrong); it was left untouched.`);
  }
}

/** Throws DataDirError (one-line message naming the path) if `dataDir` cannot be used; creates nothing. */
export function checkDataDir(dataDir: string): void {
  const existing = nearestExisting(dataDir);
  const pseudo = pseudoFilesystem(existing);
  if (pseudo) throw new DataDirError(`Data folder ${dataDir} is on a pseudo filesystem (${pseudo}); choose a normal folder.`);
  if (!statSync(existing).isDirectory()) {
    throw new DataDirError(
      existing === dataDir ? `Data folder ${dataDir} is not a folder.` : `Data folder ${dataDir} cannot be created: ${existing} is not a folder.`,
    );
  }
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    throw new DataDirError(`Data folder ${dataDir} is not writable (${existing}).`);
  }
  if (existing === dataDir) assertSqliteFile(databaseFile(dataDir));
}
