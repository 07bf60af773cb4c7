// The data folder and VirtLab's files in it are the user's alone (owner-only modes), whatever the umask says.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/** Creates a folder and its missing parents with mode 0700; a folder that exists is left as its owner made it. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
}

/** Drops group and other access from a file of ours that has it (earlier versions left 0644 files behind). */
export function tightenIfPresent(path: string): void {
  if (!existsSync(path)) return;
  const st = statSync(path);
  if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) chmodSync(path, st.mode & 0o700);
}

/** Creates the file empty with mode 0600 if it is missing (SQLite then gives its -wal and -shm files the same mode). */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  tightenIfPresent(path);
}
