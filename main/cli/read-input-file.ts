// Files named on the command line are read only when they are regular files of a bounded size: /dev/zero, a FIFO or a
// sparse file of gigabytes would otherwise be read whole into memory before anything could refuse it.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class InputFileError extends Error {}

/** Reads a regular file of at most `maxBytes` as UTF-8; anything else is an InputFileError saying why. */
export function readInputFile(path: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new InputFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new InputFileError(`${path} is not a regular file`);
    if (st.size > maxBytes) throw new InputFileError(`${path} is ${st.size} bytes; at most ${maxBytes} are read`);
    // Read at most one byte past the bound, in case the file grew since it was measured.
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > maxBytes) throw new InputFileError(`${path} grew past ${maxBytes} bytes while it was read`);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
